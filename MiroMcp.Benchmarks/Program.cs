using System.Reflection;
using MiroMcp.Benchmarks;

// dotnet run -c Release --project MiroMcp.Benchmarks -- <command> [options]
// Each command is a static method marked [Command("name", "what it measures")] somewhere in this project, so that
// areas add their own file without touching this one. Figures go to docs/benchmarks.md.
var commands = typeof(CommandAttribute).Assembly.GetTypes()
    .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
    .Select(method => (Method: method, Attribute: method.GetCustomAttribute<CommandAttribute>()))
    .Where(pair => pair.Attribute is not null)
    .ToDictionary(pair => pair.Attribute!.Name, pair => pair, StringComparer.Ordinal);

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine("usage: MiroMcp.Benchmarks <command> [options]");
    foreach (var (name, pair) in commands.OrderBy(pair => pair.Key, StringComparer.Ordinal))
    {
        Console.Error.WriteLine($"  {name,-24} {pair.Attribute!.Description}");
    }

    return 2;
}

var result = command.Method.Invoke(null, [args[1..]]);
return result is Task<int> task ? await task : (int)result!;
