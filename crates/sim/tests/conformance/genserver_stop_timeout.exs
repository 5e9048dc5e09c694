# GenServer.stop/3 with a timeout shorter than terminate/2, and a server killed while it runs terminate/2 for a stop.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "genserver_stop_timeout.json"))
