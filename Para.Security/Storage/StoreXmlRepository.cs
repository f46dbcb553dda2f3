// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Para.Security.Storage;

/// <summary>Data Protection's key repository on top of <see cref="IDataProtectionKeyStore"/>.</summary>
internal sealed class StoreXmlRepository(IDataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. store.GetAll().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName) => store.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
