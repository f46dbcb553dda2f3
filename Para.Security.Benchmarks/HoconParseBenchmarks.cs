// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Para.Security.Configuration.Hocon;

namespace Para.Security.Benchmarks;

/// <summary>Parse + resolve of HOCON: Para.Security's parser against Akka's built-in HOCON (baseline).</summary>
[MemoryDiagnoser]
public class HoconParseBenchmarks
{
    private static readonly HoconParseOptions Options = new();

    private string _paraSized = string.Empty;
    private string _large = string.Empty;

    [Params("para", "1MB")]
    public string Config { get; set; } = "para";

    private string Text => Config == "para" ? _paraSized : _large;

    [GlobalSetup]
    public void Setup()
    {
        _paraSized = ParaSized();
        _large = Generate(1024 * 1024);
    }

    [Benchmark(Baseline = true)]
    public object Akka() => global::Akka.Configuration.ConfigurationFactory.ParseString(Text);

    [Benchmark]
    public object ParaSecurity() => HoconParser.ParseString(Text, "bench.conf", Options);

    private static string ParaSized() => """
        # Para.Security configuration (benchmark sample)
        para {
          app_name = "para"
          env = production
          // network
          host = "0.0.0.0"
          port = 8080
          base_url = "https://"${para.host}":"${para.port}
          context_path = /api
          cluster {
            name = ${para.app_name}-cluster
            seeds = [ "node-1:2552", "node-2:2552", "node-3:2552" ]
            min_members = 2
            heartbeat = 5s
          }
          security {
            jwt {
              secret = "change-me"
              issuer = ${para.base_url}
              expires_after = 3600
              refresh_after = 1800
              algorithms = [ HS256, HS512 ]
            }
            signin_success = "/"
            signin_failure = "/signin?error"
            protected {
              admin = [ "/admin", "/admin/*" ]
              users = [ "/api/me", { path = "/api/users", methods = [ GET, POST ] } ]
            }
            cors {
              enabled = true
              origins = [ "*" ]
              max_age = 86400
            }
          }
          db {
            type = postgres
            url = "jdbc:postgresql://localhost:5432/"${para.app_name}
            user = para
            password = ${?PARA_DB_PASSWORD}
            pool {
              min = 2
              max = 20
              idle_timeout = 10 minutes
            }
          }
          cache {
            enabled = true
            ttl = 300
            max_entries = 10000
          }
          limits {
            requests_per_minute = 600
            max_body = 10MB
            max_items = 100
          }
          mail {
            host = smtp.example.com
            port = 587
            from = "para@"${para.host}
            tls = true
          }
          features {
            search = true
            webhooks = false
            audit = true
          }
        }
        """;

    private static string Generate(int targetBytes)
    {
        var sb = new StringBuilder(targetBytes + 4096);
        sb.Append("defaults {\n  timeout = 30\n  retries = 3\n  region = \"eu-west-1\"\n}\n");
        for (var i = 0; sb.Length < targetBytes; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            sb.Append("# service ").Append(n).Append('\n');
            sb.Append("service").Append(n).Append(" {\n");
            sb.Append("  name = \"service-").Append(n).Append("\"\n");
            sb.Append("  enabled = ").Append(i % 2 == 0 ? "true" : "false").Append('\n');
            sb.Append("  port = ").Append(8000 + (i % 1000)).Append('\n');
            sb.Append("  weight = ").Append((i % 100) / 10.0).Append('\n');
            sb.Append("  timeout = ${defaults.timeout}\n");
            sb.Append("  region = ${defaults.region}\n");
            sb.Append("  tags = [ alpha, beta, \"gamma ").Append(n).Append("\" ]\n");
            sb.Append("  endpoint { host = \"host").Append(n).Append(".example.com\", path = /v1/items }\n");
            sb.Append("  // limits for this service\n");
            sb.Append("  limits.rate = ").Append(100 + i).Append('\n');
            sb.Append("  limits.burst = ").Append(10 + (i % 7)).Append('\n');
            sb.Append("}\n");
        }

        return sb.ToString();
    }
}
