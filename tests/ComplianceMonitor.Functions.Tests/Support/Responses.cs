using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;

namespace ComplianceMonitor.Functions.Tests.Support;

/// <summary>Assertions over function responses.</summary>
public static class Responses
{
    /// <summary>The response as the fake it is.</summary>
    public static FakeHttpResponseData Fake(this HttpResponseData response) => Assert.IsType<FakeHttpResponseData>(response);

    /// <summary>Asserts an RFC 7807 problem with <paramref name="status"/> and returns its <c>errors[].field</c> values (empty when none).</summary>
    public static IReadOnlyList<string> AssertProblem(this HttpResponseData response, HttpStatusCode status)
    {
        var fake = response.Fake();
        Assert.Equal(status, fake.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", fake.Header("Content-Type"));
        var json = fake.Json();
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        return json.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.GetProperty("field").GetString()!)]
            : [];
    }

    /// <summary>Asserts a JSON body with <paramref name="status"/> and returns it.</summary>
    public static JsonElement AssertJson(this HttpResponseData response, HttpStatusCode status)
    {
        var fake = response.Fake();
        Assert.True(status == fake.StatusCode, $"expected {status}, got {fake.StatusCode}: {fake.BodyText()}");
        Assert.Equal("application/json; charset=utf-8", fake.Header("Content-Type"));
        return fake.Json();
    }
}
