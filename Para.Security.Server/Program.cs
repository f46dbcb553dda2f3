// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();
