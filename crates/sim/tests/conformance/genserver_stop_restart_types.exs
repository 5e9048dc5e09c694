# GenServer.stop/3 on servers of each restart type (and on a suspended one): what the supervisor does, what the caller gets.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "genserver_stop_restart_types.json"))
