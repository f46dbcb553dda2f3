// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Globalization;
using System.Text;

namespace Para.Security.Configuration.Hocon;

/// <summary>Writes resolved values as JSON.</summary>
internal sealed class JsonWriter
{
    private readonly StringBuilder _sb;
    private readonly bool _indented;

    public JsonWriter(StringBuilder sb, bool indented)
    {
        _sb = sb;
        _indented = indented;
    }

    public void Write(HoconValue value) => Write(value, 0);

    private void Write(HoconValue value, int depth)
    {
        switch (value)
        {
            case HoconObject obj:
                if (obj.Count == 0)
                {
                    _sb.Append("{}");
                    return;
                }

                _sb.Append('{');
                var first = true;
                foreach (var (key, child) in obj)
                {
                    if (!first)
                    {
                        _sb.Append(',');
                    }

                    first = false;
                    NewLine(depth + 1);
                    WriteString(_sb, key);
                    _sb.Append(_indented ? ": " : ":");
                    Write(child, depth + 1);
                }

                NewLine(depth);
                _sb.Append('}');
                return;
            case HoconArray array:
                if (array.Count == 0)
                {
                    _sb.Append("[]");
                    return;
                }

                _sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        _sb.Append(',');
                    }

                    NewLine(depth + 1);
                    Write(array[i], depth + 1);
                }

                NewLine(depth);
                _sb.Append(']');
                return;
            case HoconScalar scalar:
                switch (scalar.Type)
                {
                    case HoconValueType.String:
                        WriteString(_sb, scalar.Text);
                        break;
                    case HoconValueType.Number:
                        _sb.Append(scalar.JsonNumber());
                        break;
                    default:
                        _sb.Append(scalar.Text);
                        break;
                }

                return;
        }
    }

    private void NewLine(int depth)
    {
        if (_indented)
        {
            _sb.Append('\n').Append(' ', depth * 2);
        }
    }

    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < ' ' || (char.IsSurrogate(c) && !IsPairAt(s, i)))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static bool IsPairAt(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
}
