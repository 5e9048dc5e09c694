# Persistent terms belong to no process: a term stored by a process that has exited is
# still there. Any term can be a key.
{pid, ref} = spawn_monitor(fn -> :persistent_term.put({Quiz.Pricing, :table}, %{eur: 1.0}) end)
receive do: ({:DOWN, ^ref, :process, ^pid, _} -> :ok)
:persistent_term.get({Quiz.Pricing, :table})  #=> %{eur: 1.0}

# There is no atomic increment: 16 processes adding 1,000 each with get + put lose updates.
:persistent_term.put(:quiz_count, 0)
1..16
|> Enum.map(fn _ -> Task.async(fn -> for _ <- 1..1_000, do: :persistent_term.put(:quiz_count, :persistent_term.get(:quiz_count) + 1) end) end)
|> Task.await_many(30_000)
:persistent_term.get(:quiz_count) < 16_000  #=> true

# :counters adds atomically: no update lost.
c = :counters.new(1, [:write_concurrency])
1..16
|> Enum.map(fn _ -> Task.async(fn -> for _ <- 1..1_000, do: :counters.add(c, 1, 1) end) end)
|> Task.await_many()
:counters.get(c, 1)  #=> 16_000

# get/1 does not copy the term into the caller's heap; an ETS lookup does.
big = Enum.to_list(1..1_000)
:persistent_term.put(:quiz_big, big)
:erts_debug.size(big) > 0 and :erts_debug.same(:persistent_term.get(:quiz_big), :persistent_term.get(:quiz_big))  #=> true

# Puts are far slower than atomic adds, even of an integer (an immediate, so no global GC
# here). Timed in a compiled module: evaluated code would time the evaluator.
defmodule Quiz.Bench do
  def puts(n), do: for(i <- 1..n, do: :persistent_term.put(:quiz_puts, i))
  def adds(c, n), do: for(_ <- 1..n, do: :counters.add(c, 1, 1))
end
# Best of five runs each, so that one preemption on a busy machine does not decide it.
best = fn f -> Enum.min(for _ <- 1..5, do: elem(:timer.tc(f), 0)) end
put_us = best.(fn -> Quiz.Bench.puts(10_000) end)
add_us = best.(fn -> Quiz.Bench.adds(c, 10_000) end)
put_us > 5 * add_us  #=> true
