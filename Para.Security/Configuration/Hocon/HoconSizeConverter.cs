// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.ComponentModel;
using System.Globalization;

namespace Para.Security.Configuration.Hocon;

/// <summary>Converts HOCON size text (<c>10MB</c>, <c>512K</c>, <c>4096</c>) to <see cref="HoconSize"/> for the options binder.</summary>
public sealed class HoconSizeConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || sourceType == typeof(long) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) => value switch
    {
        string s => HoconSize.Parse(s),
        long l => new HoconSize(l),
        _ => base.ConvertFrom(context, culture, value),
    };

    /// <inheritdoc />
    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || destinationType == typeof(long) || base.CanConvertTo(context, destinationType);

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType)
    {
        if (value is HoconSize size)
        {
            if (destinationType == typeof(string))
            {
                return size.ToString();
            }

            if (destinationType == typeof(long))
            {
                return size.Bytes;
            }
        }

        return base.ConvertTo(context, culture, value, destinationType);
    }
}
