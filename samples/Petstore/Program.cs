var builder = WebApplication.CreateSlimBuilder(args);
builder.AddGateway();                    // generated: services for every API in the project
var app = builder.Build();
app.MapGateway();                        // generated: every operation's route
return await app.RunGatewayAsync(args);  // serves; or runs an admin command (--version), then exits
