# A second DynamicSupervisor child under a taken via name is refused with {:error, {:already_started, pid}}.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "registry_unique_taken.json"))
