// Para.Security build script. Public tasks: Build, Test, Bench, Default (= Test).
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
    .IsDependentOn("__Build")
    .Does(() =>
{
    // BenchmarkDotNet micro-benchmarks; on demand only, never in CI.
    DotNetRun("./Para.Security.Benchmarks/Para.Security.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter").Append("*"), new DotNetRunSettings
    {
        Configuration = "Release",
        NoBuild = true,
    });
});

Task("Build").IsDependentOn("__Clean").IsDependentOn("__Build");
Task("Test").IsDependentOn("__Clean").IsDependentOn("__Test");
Task("Bench").IsDependentOn("__Bench");
Task("Default").IsDependentOn("Test");

RunTarget(target);
