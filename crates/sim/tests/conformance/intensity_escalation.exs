# Nested supervisor reaches max restart intensity, exits :shutdown and is restarted by root.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "intensity_escalation.json"))
