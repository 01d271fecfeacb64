// Serves http://127.0.0.1:5080 by default. HTTPS, as anywhere off loopback (plain HTTP there is refused):
//   dotnet run -- --urls https://0.0.0.0:8443 --Kestrel:Certificates:Default:Path=cert.pem --Kestrel:Certificates:Default:KeyPath=key.pem
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddGateway();                    // generated: services for every API in the project
var app = builder.Build();
app.MapGateway();                        // generated: every operation's route
return await app.RunGatewayAsync(args);  // serves; or runs an admin command (--version), then exits
