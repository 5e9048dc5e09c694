# DETS keeps a table in a file: it survives closing and reopening (a node restart).
{:ok, t} = :dets.open_file(:quiz_crawl, file: ~c"quiz_crawl.dets", type: :set)
:dets.insert(t, {"https://example.org/", ~U[2024-01-01 00:00:00Z]})  #=> :ok
:dets.close(t)  #=> :ok
{:ok, t} = :dets.open_file(:quiz_crawl, file: ~c"quiz_crawl.dets", type: :set)
:dets.lookup(t, "https://example.org/")  #=> [{"https://example.org/", ~U[2024-01-01 00:00:00Z]}]
:dets.info(t, :type)  #=> :set
:dets.close(t)  #=> :ok

# An ETS table is memory: gone with its owner.
{pid, ref} = spawn_monitor(fn -> :ets.new(:quiz_mem, [:named_table, :public]) end)
receive do: ({:DOWN, ^ref, :process, ^pid, _} -> :ok)
:ets.whereis(:quiz_mem)  #=> :undefined
