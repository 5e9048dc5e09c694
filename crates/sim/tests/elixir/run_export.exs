# Runs an exported script's own tree under the conformance harness
# (`../conformance/support.exs`): the scenario's faults at their times, then the golden
# lines, which `tests/elixir_export.rs` compares with the simulator's. Arguments: the
# scenario's JSON and the exported script. Only faults that the harness makes from
# outside fit (exit signals, the supervisor API): the exported workers take no harness casts.
[json, script] = System.argv()
Code.require_file("../conformance/support.exs", __DIR__)
# The script prints its tree (stdout's first lines) and hands back `root`.
System.put_env("PLAYGROUND_TREE", "1")

Conformance.run(json,
  start: fn ->
    {_, binding} = Code.eval_file(script)
    {:ok, Keyword.fetch!(binding, :root)}
  end
)
