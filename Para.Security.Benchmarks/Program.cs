// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
