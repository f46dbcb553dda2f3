// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Text.RegularExpressions;
using Para.Security.Diagnostics;
using Para.Security.Tests.Infrastructure;

namespace Para.Security.Tests.Conventions;

/// <summary>docs/providers/amazon.md stays true to the code it describes.</summary>
public sealed partial class AmazonProviderDocTests
{
    private static readonly string Doc = File.ReadAllText(RepoPaths.InRepo("docs", "providers", "amazon.md"));

    [Test]
    public void CodeExample_EveryLine_IsInTheServersWiring()
    {
        // Arrange
        var server = File.ReadAllText(RepoPaths.InRepo("Para.Security.Server", "ParaServerApp.cs"));

        // Act
        var lines = CSharpBlock().Match(Doc).Groups["code"].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.Not.Empty);
            Assert.That(lines.Where(l => !server.Contains(l, StringComparison.Ordinal)), Is.Empty, "lines of the example missing from ParaServerApp.cs");
        });
    }

    [Test]
    public void ErrorTable_ListsEveryCallbackFailureCode()
    {
        // Arrange: the codes the browser callback can end with: the PARASEC1xxx range, less the token-exchange audience
        // check and the OpenID Connect id_token check (Login with Amazon issues no id_token).
        var codes = typeof(ParaSecurityErrors).GetFields().Select(f => (string)f.GetRawConstantValue()!)
            .Where(c => c.StartsWith("PARASEC1", StringComparison.Ordinal) && c != ParaSecurityErrors.TokenAudienceMismatch && c != ParaSecurityErrors.IdTokenInvalid);

        // Act, Assert
        Assert.That(codes.Where(c => !Doc.Contains("`" + c + "`", StringComparison.Ordinal)), Is.Empty);
    }

    [GeneratedRegex("```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
