using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayGen.Runtime;

namespace Petstore;

/// <summary>The C# functions the Petstore spec names (x-gatewaygen-integration type function).</summary>
public static partial class PetstoreFunctions
{
    private static readonly ConcurrentDictionary<long, Pet> Pets = new(new Dictionary<long, Pet>
    {
        [1] = new Pet(1, "Rex", "dog"),
        [2] = new Pet(2, "Tom", "cat"),
        [3] = new Pet(3, "Nemo", "fish"),
    });

    private static long _lastId = 3;
    private static long _lastAdoptionId;

    public static partial async ValueTask<IResult> CreatePet(CreatePetRequest request)
    {
        NewPet? input;
        try
        {
            input = await JsonSerializer.DeserializeAsync(request.Body, PetJson.Default.NewPet, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return TypedResults.BadRequest();
        }

        if (input is null || string.IsNullOrWhiteSpace(input.Name))
        {
            return TypedResults.BadRequest();
        }

        var pet = new Pet(Interlocked.Increment(ref _lastId), input.Name, input.Tag);
        Pets[pet.Id] = pet;
        return TypedResults.Json(pet, PetJson.Default.Pet, statusCode: StatusCodes.Status201Created);
    }

    public static partial ValueTask<IResult> ListDemoPets(DemoListPetsRequest request)
    {
        var pets = Pets.Values.OrderBy(p => p.Id).Take(request.Limit ?? int.MaxValue).ToArray();
        return ValueTask.FromResult<IResult>(TypedResults.Json(pets, PetJson.Default.PetArray));
    }

    // The gateway has checked the body against AdoptionRequest before this runs.
    public static partial async ValueTask<IResult> RequestDemoAdoption(DemoRequestAdoptionRequest request)
    {
        var adoption = await JsonSerializer.DeserializeAsync(request.Body, PetJson.Default.AdoptionRequest, request.HttpContext.RequestAborted);
        return TypedResults.Json(new Adoption(Interlocked.Increment(ref _lastAdoptionId), adoption!.PetId, "pending"), PetJson.Default.Adoption, statusCode: StatusCodes.Status201Created);
    }

    // The JWT authorizer has checked the token (signature, issuer, audience, expiry, the pets:read scope).
    public static partial ValueTask<IResult> WhoAmI(WhoAmIRequest request) =>
        ValueTask.FromResult<IResult>(TypedResults.Json(
            new StaffMember(request.Principal!.PrincipalId, request.Principal.Claims.GetValueOrDefault("email")),
            PetJson.Default.StaffMember));

    // A vet's token names the vet. A real authorizer would look the token up; the demo knows two.
    public static partial ValueTask<AuthorizerResult> checkVetToken(CheckVetTokenAuthorizerRequest request) =>
        ValueTask.FromResult(request.Token switch
        {
            "Bearer vet-demo-token" => AuthorizerResult.Allow("vet-1", new Dictionary<string, string> { ["clinic"] = "north" }),
            "Bearer vet-suspended" => AuthorizerResult.Deny("vet-2"),
            _ => AuthorizerResult.Unauthorized(),
        });

    public static partial ValueTask<IResult> VetAppointments(VetAppointmentsRequest request) =>
        ValueTask.FromResult<IResult>(TypedResults.Json(
            new Appointments(request.Principal!.PrincipalId, request.Principal.Context["clinic"], new[] { "09:00 Rex (vaccination)", "11:30 Tom (check-up)" }),
            PetJson.Default.Appointments));

    public static partial ValueTask<IResult> FindDemoPet(DemoShowPetRequest request) =>
        ValueTask.FromResult<IResult>(Pets.TryGetValue(request.PetId, out var pet)
            ? TypedResults.Json(pet, PetJson.Default.Pet)
            : TypedResults.NotFound());
}

public sealed record Pet(long Id, string Name, string? Tag);

public sealed record NewPet(string Name, string? Tag);

public sealed record AdoptionRequest(long PetId);

public sealed record Adoption(long Id, long PetId, string Status);

public sealed record StaffMember(string Subject, string? Email);

public sealed record Appointments(string Vet, string Clinic, string[] Slots);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Pet))]
[JsonSerializable(typeof(Pet[]))]
[JsonSerializable(typeof(NewPet))]
[JsonSerializable(typeof(AdoptionRequest))]
[JsonSerializable(typeof(Adoption))]
[JsonSerializable(typeof(StaffMember))]
[JsonSerializable(typeof(Appointments))]
internal sealed partial class PetJson : JsonSerializerContext
{
}
