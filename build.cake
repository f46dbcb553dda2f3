// Para.Security build script. Public tasks: Build, Test, Bench, MicroBench, Default (= Test).
// Run with: dotnet tool restore && dotnet cake --target=Test

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var solution = "./Para.Security.sln";
var artifacts = Directory("./artifacts");

Task("__Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
});

Task("__Restore")
    .Does(() =>
{
    DotNetRestore(solution);
});

Task("__Build")
    .IsDependentOn("__Restore")
    .Does(() =>
{
    // Warnings are errors in every project (Directory.Build.props).
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });
});

Task("__Test")
    .IsDependentOn("__Build")
    .Does(() =>
{
    // Results land in artifacts/test-results as TRX (see Directory.Build.props).
    DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
    });
});

Task("__Bench")
    .Does(() =>
{
    // The side-by-side run against ASP.NET Core's own stacks (docs/benchmarks.md); it builds in Release itself.
    // On demand only, never in CI. Options pass through: dotnet cake --target=Bench --bench-args="--rounds 5".
    var exitCode = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("bench/run").Append(Argument("bench-args", string.Empty)),
    });
    if (exitCode != 0)
    {
        throw new Exception($"bench/run failed with exit code {exitCode}.");
    }
});

Task("__MicroBench")
    .IsDependentOn("__Build")
    .Does(() =>
{
    // BenchmarkDotNet micro-benchmarks; on demand only, never in CI.
    DotNetRun("./Para.Security.Benchmarks/Para.Security.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter").Append(Argument("filter", "*")), new DotNetRunSettings
    {
        Configuration = "Release",
        NoBuild = true,
    });
});

Task("Build").IsDependentOn("__Clean").IsDependentOn("__Build");
Task("Test").IsDependentOn("__Clean").IsDependentOn("__Test");
Task("Bench").IsDependentOn("__Bench");
Task("MicroBench").IsDependentOn("__MicroBench");
Task("Default").IsDependentOn("Test");

RunTarget(target);
