# permanent: :normal / :shutdown / {:shutdown, _} exits are all reported as child_terminated and restarted.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "permanent_normal_exit.json"))
