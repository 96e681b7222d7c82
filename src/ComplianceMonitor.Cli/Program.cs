using System.Text;
using ComplianceMonitor.Cli;

// The real entry point: the console and the system clock (System.CommandLine turns Ctrl+C into cancellation).
Console.OutputEncoding = Encoding.UTF8;
Console.InputEncoding = Encoding.UTF8;
return await CliApp.RunAsync(args, Console.In, Console.Out, Console.Error, TimeProvider.System);
