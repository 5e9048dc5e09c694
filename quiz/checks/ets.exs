# A table dies with the process that created it (unless an heir is set), and a lookup on
# a table that does not exist raises at once instead of waiting.
me = self()
owner = spawn(fn ->
  :ets.new(:quiz_prices, [:named_table, :protected, read_concurrency: true])
  :ets.insert(:quiz_prices, {:eur, 1.0})
  send(me, :table_ready)
  receive do: (:stop -> :ok)
end)
receive do: (:table_ready -> :ok)
:ets.lookup(:quiz_prices, :eur)  #=> [eur: 1.0]

# Suspending the owner does not touch its table: readers go on.
:erlang.suspend_process(owner)
:ets.lookup(:quiz_prices, :eur)  #=> [eur: 1.0]
:erlang.resume_process(owner)

ref = Process.monitor(owner)
send(owner, :stop)
receive do: ({:DOWN, ^ref, :process, _, _} -> :ok)
:ets.whereis(:quiz_prices)  #=> :undefined
try do
  :ets.lookup(:quiz_prices, :eur)
rescue
  ArgumentError -> :raised_at_once
end
#=> :raised_at_once

# A :protected table (the default) is read by anyone and written only by its owner.
t = :ets.new(:quiz_default, [])
:ets.info(t, :protection)  #=> :protected

# :ets.update_counter/4 increments atomically in the caller's process and inserts the
# default row on first use: 100 concurrent increments of one key give 100.
:ets.new(:quiz_hits, [:named_table, :public, write_concurrency: true])
1..100
|> Enum.map(fn _ -> Task.async(fn -> :ets.update_counter(:quiz_hits, {"10.0.0.1", 7}, 1, {{"10.0.0.1", 7}, 0}) end) end)
|> Task.await_many()
:ets.lookup(:quiz_hits, {"10.0.0.1", 7})  #=> [{{"10.0.0.1", 7}, 100}]

# A lookup copies the row into the reader's heap: the reader gets its own term.
big = Enum.to_list(1..1_000)
:ets.insert(:quiz_hits, {:big, big})
[{:big, copy}] = :ets.lookup(:quiz_hits, :big)
:erts_debug.same(copy, big)  #=> false
