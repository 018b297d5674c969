namespace MiroMcp.Benchmarks;

internal static class Smoke
{
    [Command("list", "lists the commands")]
    public static int List(string[] args)
    {
        _ = args;
        Console.WriteLine("Run with no arguments to see every command.");
        return 0;
    }
}
