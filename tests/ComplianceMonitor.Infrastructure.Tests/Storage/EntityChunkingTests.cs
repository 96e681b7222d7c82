using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Tests.Leases;
using Azure.Data.Tables;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Infrastructure.Tests.Storage;

[Trait("Category", "unit")]
public sealed class EntityChunkingTests
{
    [Fact]
    public void Write_70000Chars_ThreeChunksOfAtMost32000AndReadBackEqual()
    {
        var value = new string('京', 70_000);
        var entity = new TableEntity("p", "r");

        EntityChunking.Write(entity, "Data", value);

        Assert.Equal(3, entity["DataChunks"]);
        Assert.Equal(32_000, ((string)entity["Data_0"]).Length);
        Assert.Equal(32_000, ((string)entity["Data_1"]).Length);
        Assert.Equal(6_000, ((string)entity["Data_2"]).Length);
        Assert.True(EntityChunking.TryRead(entity, "Data", out var back, out var error));
        Assert.Null(error);
        Assert.Equal(value, back);
    }

    [Fact]
    public void Write_EmptyString_OneEmptyChunk()
    {
        var entity = new TableEntity("p", "r");

        EntityChunking.Write(entity, "Data", string.Empty);

        Assert.Equal(1, entity["DataChunks"]);
        Assert.Equal(string.Empty, entity["Data_0"]);
        Assert.True(EntityChunking.TryRead(entity, "Data", out var back, out _));
        Assert.Equal(string.Empty, back);
    }

    [Fact]
    public void Write_SurrogatePairAtChunkBoundary_NotSplit()
    {
        // U+20BB7 (𠮷) is a surrogate pair; put its high half at index 31,999.
        var value = new string('a', 31_999) + "𠮷" + new string('b', 10);
        var entity = new TableEntity("p", "r");

        EntityChunking.Write(entity, "Data", value);

        Assert.Equal(31_999, ((string)entity["Data_0"]).Length);
        Assert.StartsWith("𠮷", (string)entity["Data_1"], StringComparison.Ordinal);
        Assert.True(EntityChunking.TryRead(entity, "Data", out var back, out _));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Write_ShorterValueOverLonger_StaleChunksRemoved()
    {
        var entity = new TableEntity("p", "r");
        EntityChunking.Write(entity, "Data", new string('x', 100_000));

        EntityChunking.Write(entity, "Data", "short");

        Assert.Equal(1, entity["DataChunks"]);
        Assert.False(entity.ContainsKey("Data_1"));
        Assert.False(entity.ContainsKey("Data_3"));
    }

    [Fact]
    public void Write_OverMaxChars_ThrowsWithLengthAndLimit()
    {
        var entity = new TableEntity("p", "r");

        var ex = Assert.Throws<EntityTooLargeException>(() => EntityChunking.Write(entity, "Data", new string('x', 384_001)));

        Assert.Equal(384_001, ex.Length);
        Assert.Equal(384_000, ex.Limit);
        Assert.False(entity.ContainsKey("Data_0"));
    }

    [Fact]
    public void Write_ExactlyMaxChars_TwelveChunks()
    {
        var entity = new TableEntity("p", "r");

        EntityChunking.Write(entity, "Data", new string('x', EntityChunking.MaxChars));

        Assert.Equal(12, entity["DataChunks"]);
    }

    [Fact]
    public void TryRead_MissingChunk_ErrorNamesProperty()
    {
        var entity = new TableEntity("p", "r");
        EntityChunking.Write(entity, "Data", new string('x', 40_000));
        entity.Remove("Data_1");

        Assert.False(EntityChunking.TryRead(entity, "Data", out _, out var error));
        Assert.Equal("property Data_1 is missing or not a string", error);
    }

    [Fact]
    public void TryRead_NoCount_ErrorNamesCountProperty()
    {
        var entity = new TableEntity("p", "r") { ["Data_0"] = "{}" };

        Assert.False(EntityChunking.TryRead(entity, "Data", out _, out var error));
        Assert.Equal("property DataChunks is missing or not a 32-bit integer", error);
    }

    [Fact]
    public void Columns_Data_CountPlusTwelveChunks()
    {
        var columns = EntityChunking.Columns("Data");

        Assert.Equal(13, columns.Count);
        Assert.Equal("DataChunks", columns[0]);
        Assert.Equal("Data_11", columns[^1]);
    }
}
