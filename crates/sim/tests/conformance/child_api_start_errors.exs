# start_child with a failing init/1 on Supervisor and DynamicSupervisor; listing order.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "child_api_start_errors.json"))
