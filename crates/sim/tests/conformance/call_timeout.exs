# A client's GenServer.call with a 100 ms timeout to a 300 ms server exits {:timeout, ...}; the client is restarted.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "call_timeout.json"))
