# A DynamicSupervisor with initial children under a Supervisor: the initial
# start_child calls run inside its start function, before its parent's report.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "dynamic_nested_initial.json"))
