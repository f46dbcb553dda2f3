// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using Para.Security.Server.Commands;

return await ServerCommandLine.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
