// The usual Program.cs, plus GET /export on the gateway's own port: the admin listener's route calls the same
// GatewayExport.WriteAsync once GatewayAdmin routes it; until then the tests reach it here.
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddGateway();
var app = builder.Build();
app.MapGet("/export", GatewayGen.Runtime.GatewayExport.WriteAsync);
app.MapGateway();
return await app.RunGatewayAsync(args);
