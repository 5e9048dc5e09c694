# Root reaches max restart intensity and exits :shutdown.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "intensity_root_exits.json"))
