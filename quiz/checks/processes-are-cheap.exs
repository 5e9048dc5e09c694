# Spawning takes microseconds, and the default process limit is 262,144 (+P raises it).
:erlang.system_info(:process_limit)  #=> 262_144
{us, pids} = :timer.tc(fn -> for _ <- 1..10_000, do: spawn(fn -> receive do: (:stop -> :ok) end) end)
us / 10_000 < 500  #=> true
Enum.each(pids, &send(&1, :stop))

# Mailboxes have no bound, and schedulers run any number of processes: 10,000 sleeping
# processes on a node with only a few schedulers.
length(pids) > System.schedulers_online()  #=> true

# A fresh process takes a few hundred words of memory.
p = spawn(fn -> receive do: (:stop -> :ok) end)
{:memory, bytes} = Process.info(p, :memory)
div(bytes, :erlang.system_info(:wordsize)) < 1_000  #=> true
send(p, :stop)
