# A caught GenServer.call timeout: does the late {tag, reply} reach the client's mailbox? (OTP 25: no, alias).
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "call_timeout_caught.json"))
