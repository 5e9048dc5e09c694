# Waits up to 2 s for an asynchronous effect (an exit, a restart, a cleanup) to be seen.
eventually = fn check -> Enum.any?(1..100, fn _ -> check.() || (Process.sleep(20); false) end) end

# Registry: any term names a process (a via tuple), a unique key holds one process, a key
# disappears when its process exits, and lookups read ETS in the caller's own process.
{:ok, _} = Registry.start_link(keys: :unique, name: Quiz.Registry)
defmodule Quiz.Doc do
  use GenServer
  def start_link(id), do: GenServer.start_link(__MODULE__, id, name: {:via, Registry, {Quiz.Registry, id}})
  def init(id), do: {:ok, id}
  def handle_call(:id, _from, id), do: {:reply, id, id}
end

uuid = "0b7c9c1e-7f7e-4a55-9d7f-1a2b3c4d5e6f"
{:ok, doc} = Quiz.Doc.start_link(uuid)
GenServer.call({:via, Registry, {Quiz.Registry, uuid}}, :id)  #=> uuid
Quiz.Doc.start_link(uuid)  #=> {:error, {:already_started, doc}}

# A second process cannot register the same unique key.
Task.async(fn -> Registry.register(Quiz.Registry, uuid, nil) end) |> Task.await()
#=> {:error, {:already_registered, doc}}

# The entry goes when the process exits.
Process.unlink(doc)
Process.exit(doc, :kill)
eventually.(fn -> Registry.lookup(Quiz.Registry, uuid) == [] end)  #=> true

# Lookups do not message the Registry: they work while its processes are suspended.
{:ok, _} = Quiz.Doc.start_link("d2")
[{_id, part, _, _}] = Supervisor.which_children(Quiz.Registry)
:sys.suspend(part)
match?([{_pid, nil}], Registry.lookup(Quiz.Registry, "d2"))  #=> true
:sys.resume(part)

# Duplicate keys: many subscribers under one key, and dispatch/3 runs the function in the
# publisher's process over the {pid, value} entries.
{:ok, _} = Registry.start_link(keys: :duplicate, name: Quiz.PubSub)
me = self()
subs = for i <- 1..3, do: spawn(fn ->
  Registry.register(Quiz.PubSub, {:store, 7}, i)
  send(me, :registered)
  receive do: ({:order, o} -> send(me, {:got, i, o}))
end)
for _ <- subs, do: (receive do: (:registered -> :ok))
Registry.dispatch(Quiz.PubSub, {:store, 7}, fn entries ->
  send(me, {:dispatch_ran_in, self()})
  for {pid, _} <- entries, do: send(pid, {:order, 42})
end)
receive do: ({:dispatch_ran_in, p} -> p == me)  #=> true
for _ <- 1..3, into: MapSet.new(), do: (receive do: ({:got, i, 42} -> i))  #=> MapSet.new([1, 2, 3])
eventually.(fn -> Registry.lookup(Quiz.PubSub, {:store, 7}) == [] end)  #=> true
