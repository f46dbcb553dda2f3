// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Server;

/// <summary>
/// A configuration the server refuses to start with. The message names the keys and the fix; the command line prints it
/// as one line (no stack trace) and exits with code 2.
/// </summary>
internal sealed class StartupConfigurationException : Exception
{
    public StartupConfigurationException()
    {
    }

    public StartupConfigurationException(string message)
        : base(message)
    {
    }

    public StartupConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
