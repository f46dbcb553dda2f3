// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Para.Security.Providers;

namespace Para.Security.Server.LoginPages;

/// <summary>
/// The HTML frame of the login pages and their security headers. The pages run no script; their one inline style
/// sheet (with a button style for each registered provider) is allowed by its hash, so the policy needs no
/// <c>'unsafe-inline'</c>.
/// </summary>
internal sealed class LoginPageHtml
{
    private const string BaseCss = """
        :root{color-scheme:light}
        body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{box-sizing:border-box;width:calc(100% - 2rem);max-width:30rem;background:#fff;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.08);padding:2.5rem}
        h1{margin:0 0 .25rem;font-size:1.6rem}
        .sub{margin:0 0 1.5rem;color:#6b7280}
        .alert{border-radius:8px;padding:.75rem 1rem;margin:0 0 1.25rem}
        .alert p{margin:.25rem 0}
        .error{background:#fef2f2;border:1px solid #fecaca;color:#991b1b}
        .notice{background:#fffbeb;border:1px solid #fde68a;color:#92400e}
        .demo{background:#eff6ff;border:1px solid #bfdbfe;color:#1e3a8a;font-size:.9rem}
        .provider{display:block;text-align:center;border:1px solid;border-radius:8px;padding:.8rem 1rem;margin:0 0 .75rem;font-weight:600;text-decoration:none}
        a{color:#1d4ed8}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;background:#f3f4f6;padding:.1em .3em;border-radius:4px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem;margin:0 0 1.75rem}
        dt{color:#6b7280}
        dd{margin:0;overflow-wrap:anywhere}
        button{font:inherit;background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:.6rem 1.2rem;cursor:pointer}
        button:hover{background:#f9fafb}
        """;

    /// <summary>Initializes a new instance of the <see cref="LoginPageHtml"/> class: the style sheet for these providers' buttons.</summary>
    /// <param name="providers">The server's providers.</param>
    public LoginPageHtml(AuthProviderRegistry providers)
    {
        var css = new StringBuilder(BaseCss).Append('\n');
        foreach (var provider in providers.Providers)
        {
            // The colours are checked to be hex colours when the provider registers: nothing else can enter the sheet.
            var (name, button) = (provider.Name, provider.Descriptor.EffectiveButton);
            css.Append(CultureInfo.InvariantCulture, $".provider-{name}{{background:{button.Background};border-color:{button.Border};color:{button.Text}}}\n")
                .Append(CultureInfo.InvariantCulture, $".provider-{name}:hover,.provider-{name}:focus{{background:{button.HoverBackground}}}\n");
        }

        Css = css.ToString();
        ContentSecurityPolicy = $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    /// <summary>Gets the style sheet of every page.</summary>
    public string Css { get; }

    /// <summary>Gets the <c>Content-Security-Policy</c>: nothing but the hashed style; forms post only to this server.</summary>
    public string ContentSecurityPolicy { get; }

    /// <summary>Encodes text for HTML content and attribute values.</summary>
    /// <param name="value">The text; <see langword="null"/> gives the empty string.</param>
    /// <returns>The encoded text.</returns>
    public static string Encode(string? value) => value is null ? string.Empty : HtmlEncoder.Default.Encode(value);

    /// <summary>Wraps a page body in the frame and answers it with the security headers.</summary>
    /// <param name="context">The request.</param>
    /// <param name="title">The page title (plain text, encoded here).</param>
    /// <param name="body">The body's HTML, already encoded.</param>
    /// <returns>The result.</returns>
    public IResult Page(HttpContext context, string title, string body)
    {
        ApplySecurityHeaders(context.Response);
        var html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append("</title><style>").Append(Css).Append("</style></head>\n<body><main>")
            .Append(body)
            .Append("</main></body></html>\n");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Sets the headers every login page carries (oauth-amazon-facts.md §4 item 27: no Referer leaves these pages).</summary>
    /// <param name="response">The response.</param>
    public void ApplySecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
    }
}
