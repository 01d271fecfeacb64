-- wrk script of bench/run: POST a valid AdoptionRequest with the API key from $BENCH_API_KEY.
wrk.method = "POST"
wrk.path = "/adoptions"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = os.getenv("BENCH_API_KEY") or ""
wrk.body = '{"petId":2,"adopter":{"name":"Ada Lovelace","email":"ada@example.com","phone":"+44 20 7946 0000"},"homeType":"house","note":"Has a garden and works from home."}'

