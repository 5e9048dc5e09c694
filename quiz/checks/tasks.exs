# Waits up to 2 s for an asynchronous effect (an exit, a restart, a cleanup) to be seen.
eventually = fn check -> Enum.any?(1..100, fn _ -> check.() || (Process.sleep(20); false) end) end

# Task.Supervisor.async links the task to the caller, like Task.async; async_nolink does not.
{:ok, sup} = Task.Supervisor.start_link()
t = Task.Supervisor.async(sup, fn -> Process.sleep(2_000) end)
{:links, links} = Process.info(self(), :links)
t.pid in links  #=> true
n = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(2_000) end)
{:links, links} = Process.info(self(), :links)
n.pid in links  #=> false

# Supervised tasks are listed by Task.Supervisor.children/1.
Enum.sort(Task.Supervisor.children(sup)) == Enum.sort([t.pid, n.pid])  #=> true
Task.shutdown(t, :brutal_kill)
Task.shutdown(n, :brutal_kill)

# With async_nolink a raise comes back as a value, and a slow task as nil for yield.
Logger.configure(level: :none)
crash = Task.Supervisor.async_nolink(sup, fn -> raise "supplier down" end)
{:exit, {%RuntimeError{message: msg}, _stack}} = Task.yield(crash, 1_000)
msg  #=> "supplier down"
slow = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(5_000) end)
Task.yield(slow, 50) || Task.shutdown(slow)  #=> nil

# Supervised tasks are :temporary: the crashed one was not started again.
eventually.(fn -> Task.Supervisor.children(sup) == [] end)  #=> true

# A crashed task's exit travels over the link: a trapping caller receives it as a message.
Process.flag(:trap_exit, true)
linked = Task.async(fn -> raise "boom" end)
pid = linked.pid
receive do
  {:EXIT, ^pid, {%RuntimeError{message: m}, stack}} when is_list(stack) -> m
after
  1_000 -> :no_exit
end
#=> "boom"
Process.flag(:trap_exit, false)

# Task.await never returns an error: on timeout it exits the caller.
late = Task.async(fn -> Process.sleep(1_000) end)
try do
  Task.await(late, 50)
catch
  :exit, {:timeout, {Task, :await, _}} -> :caller_exited
end
#=> :caller_exited

# Task.start/1 neither links nor sends a result; it belongs to no supervisor.
{:ok, bare} = Task.start(fn -> Process.sleep(1_000) end)
{:links, links} = Process.info(self(), :links)
bare in links  #=> false
{:dictionary, d} = Process.info(bare, :dictionary)
d[:"$ancestors"] == [self()]  #=> true

# Task.Supervisor.start_child/3 takes a restart value: a :transient task that crashes is
# run again from the start (here it fails only on its first run).
me = self()
runs = :atomics.new(1, [])
{:ok, _} = Task.Supervisor.start_child(sup, fn ->
  n = :atomics.add_get(runs, 1, 1)
  send(me, {:run, n})
  if n == 1, do: raise("mail provider down")
end, restart: :transient)
for _ <- 1..2 do
  receive do
    {:run, n} -> n
  after
    1_000 -> :not_restarted
  end
end
#=> [1, 2]

# Task.start/1 sends no result back to the caller (the mailbox is emptied first of what
# the steps above left in it).
flush = fn f -> receive do: (_ -> f.(f)), after: (0 -> :ok) end
flush.(flush)
{:ok, quiet} = Task.start(fn -> :the_result end)
ref = Process.monitor(quiet)
receive do: ({:DOWN, ^ref, :process, _, _} -> :ok)
receive do
  msg -> {:got, msg}
after
  50 -> :no_message
end
#=> :no_message
