# Export snapshot
#
# A small tree for the generator's snapshot test: a counter that owns an ETS table, a reader of
# that table, and a DynamicSupervisor with one initial child.
#
# Exported from OTP Playground: the scenario's supervision tree as plain Elixir/OTP code.
#
# Run it with `elixir export_snapshot.exs` (the tree runs until you press Ctrl-C twice), or paste
# it into iex, where `root` is then the root supervisor's pid:
#
#     Supervisor.which_children(root)
#     :sys.get_state(Playground.pid(root, :counter))
#
# `PLAYGROUND_TREE=1 elixir export_snapshot.exs` prints the started tree, one line per process,
# and exits.
#
# What the simulator does that this code does not:
#
# - Time. `service_us`, `init_us`, `terminate_us` and `task_us` are spent in `Playground.work/1`,
#   asleep for whole milliseconds: a sleeping process leaves its scheduler free, where the
#   simulator counts that time as scheduler work. The simulator's 2 schedulers and 10 µs message
#   latency have no counterpart here (`elixir --erl "+S 2" export_snapshot.exs` runs on 2
#   schedulers).
# - The duration: the simulator runs the scenario for 2000 ms; this runs until stopped.
# - The fault schedule. Each fault is below as the Elixir call that makes it, to run from iex at
#   its time (ms from the start); crash and stop are casts the worker modules handle.
#
#       500  Process.exit(Playground.pid(root, :counter), :kill)
#
#       900  DynamicSupervisor.start_child(Process.whereis(Jobs), %{
#              id: :job_2,
#              start: {Playground.Server, :start_link, [[id: :job_2]]},
#              restart: :permanent,
#              shutdown: 5000,
#              type: :worker
#            })

defmodule Playground do
  @moduledoc """
  Helpers for the modules below. Every process of the tree keeps its child id in its process
  dictionary (`:playground_id`): a DynamicSupervisor keeps no ids for its children, and
  `pid/2` and `print_tree/1` show them.
  """

  @doc "Spends `us` microseconds: whole milliseconds asleep, the rest in a busy loop."
  def work(us) do
    Process.sleep(div(us, 1000))
    spin_until(System.monotonic_time(:microsecond) + rem(us, 1000))
  end

  defp spin_until(t) do
    if System.monotonic_time(:microsecond) < t, do: spin_until(t)
  end

  @doc "The pid of the process running child `id` in the tree under `root`, or nil."
  def pid(root, id), do: if(id_of(root) == id, do: root, else: find(root, id))

  defp find(sup, id) do
    Enum.find_value(children(sup), fn {child_id, pid, spec} ->
      cond do
        child_id == id -> pid
        spec.type == :supervisor -> find(pid, id)
        true -> nil
      end
    end)
  end

  @doc "Prints the tree under `root`, one line per process: what OTP says of each."
  def print_tree(root) do
    root
    |> lines(id_of(root), %{type: :supervisor}, "")
    |> Enum.each(&IO.puts/1)
  end

  defp lines(pid, id, spec, indent) do
    {kind, flags, children} = describe(pid, spec)
    {:registered_name, name} = Process.info(pid, :registered_name)
    {:trap_exit, trap_exit} = Process.info(pid, :trap_exit)
    # A Registry's own tables are its business: the simulator shows its keys instead.
    tables =
      if registry?(spec),
        do: [],
        else: for(t <- :ets.all(), is_atom(t), :ets.info(t, :owner) == pid, do: {:table, t})

    facts =
      [name: name, restart: spec[:restart], shutdown: spec[:shutdown]] ++
        flags ++ tables ++ [trap_exit: trap_exit]

    text = for {key, value} <- facts, value not in [nil, []], do: " #{key}=#{inspect(value)}"
    line = "#{indent}#{kind} #{inspect(id)}#{text}"
    deeper = indent <> "  "
    [line | Enum.flat_map(children, fn {id, pid, spec} -> lines(pid, id, spec, deeper) end)]
  end

  defp registry?(spec), do: match?(%{start: {Registry, _, _}}, spec)

  defp describe(_pid, %{type: :worker}), do: {"worker", [], []}

  # A Registry is drawn as one node, its partitions inside it, as the simulator draws it.
  defp describe(pid, %{start: {Registry, _, _}}), do: describe(pid, %{type: :worker})

  defp describe(sup, _spec) do
    case :sys.get_state(sup) do
      %DynamicSupervisor{} = s ->
        flags = [strategy: s.strategy, max_restarts: s.max_restarts, max_seconds: s.max_seconds]
        {"dynamic_supervisor", flags ++ [max_children: s.max_children], children(sup)}

      # supervisor.erl's #state{} record:
      # {:state, name, strategy, children, dynamics, intensity, period, ...}
      s ->
        flags = [strategy: elem(s, 2), max_restarts: elem(s, 5), max_seconds: elem(s, 6)]
        {"supervisor", flags, children(sup)}
    end
  end

  # A supervisor's running children in start order, as {id, pid, child spec}.
  defp children(sup) do
    case :sys.get_state(sup) do
      %DynamicSupervisor{children: children} ->
        for {pid, {_start, restart, shutdown, type, _}} <- Enum.sort(children),
            do: {id_of(pid), pid, %{restart: restart, shutdown: shutdown, type: type}}

      _state ->
        for {id, pid, _, _} <- Enum.reverse(Supervisor.which_children(sup)), is_pid(pid) do
          {:ok, spec} = :supervisor.get_childspec(sup, id)
          {id, pid, spec}
        end
    end
  end

  defp id_of(pid) do
    {:dictionary, dictionary} = Process.info(pid, :dictionary)
    with {_, id} <- List.keyfind(dictionary, :playground_id, 0), do: id
  end
end

defmodule Playground.Server do
  @moduledoc """
  The `server` behaviour: a GenServer that answers every call with `:ok`. Each message takes
  `service_us` of work.
  """
  use GenServer

  @defaults %{service_us: 100}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, Keyword.take(opts, [:name]))

  @impl true
  def init(opts) do
    state = Enum.into(opts, @defaults)
    Process.put(:playground_id, state.id)
    {:ok, state}
  end

  # The fault `call_stop`: the call is answered by stopping (the reply, if any, leaves
  # after terminate/2).
  @impl true
  def handle_call({:stop, reason}, _from, state) do
    Playground.work(state.service_us)
    {:stop, reason, state}
  end

  def handle_call({:stop, reason, reply}, _from, state) do
    Playground.work(state.service_us)
    {:stop, reason, reply, state}
  end

  def handle_call(request, _from, state) when request != :poison do
    Playground.work(state.service_us)
    {:reply, :ok, state}
  end

  # The faults `crash` and `stop`.
  @impl true
  def handle_cast({:raise, message}, _state), do: raise(message)
  def handle_cast({:stop, reason}, state), do: {:stop, reason, state}

  def handle_cast(request, state) when request != :poison do
    Playground.work(state.service_us)
    {:noreply, state}
  end

  # No clause takes :poison: it crashes the process with a function_clause error.
  @impl true
  def handle_info(message, state) when message != :poison do
    Playground.work(state.service_us)
    {:noreply, state}
  end
end

defmodule Playground.Counter do
  @moduledoc """
  The `counter` behaviour: a GenServer keeping an integer. A call or cast `:incr` adds 1; every
  call returns the count (so `:get` reads it). Each message takes `service_us` of work. With
  `table`, `init/1` ends by creating that named, protected ETS table, which dies with the process.
  """
  use GenServer

  @defaults %{service_us: 10}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, Keyword.take(opts, [:name]))

  @impl true
  def init(opts) do
    state = Enum.into(opts, @defaults)
    Process.put(:playground_id, state.id)

    if table = state[:table] do
      :ets.new(table, [:named_table, :protected, read_concurrency: true])
      :ets.insert(table, {:value, 0})
    end

    {:ok, Map.put(state, :count, 0)}
  end

  # The fault `call_stop`: the call is answered by stopping (the reply, if any, leaves
  # after terminate/2).
  @impl true
  def handle_call({:stop, reason}, _from, state) do
    Playground.work(state.service_us)
    {:stop, reason, state}
  end

  def handle_call({:stop, reason, reply}, _from, state) do
    Playground.work(state.service_us)
    {:stop, reason, reply, state}
  end

  def handle_call(request, _from, state) when request != :poison do
    Playground.work(state.service_us)
    state = if request == :incr, do: incr(state), else: state
    {:reply, state.count, state}
  end

  # The faults `crash` and `stop`.
  @impl true
  def handle_cast({:raise, message}, _state), do: raise(message)
  def handle_cast({:stop, reason}, state), do: {:stop, reason, state}

  def handle_cast(request, state) when request != :poison do
    Playground.work(state.service_us)
    {:noreply, if(request == :incr, do: incr(state), else: state)}
  end

  # No clause takes :poison: it crashes the process with a function_clause error.
  @impl true
  def handle_info(message, state) when message != :poison do
    Playground.work(state.service_us)
    {:noreply, state}
  end

  defp incr(state) do
    state = %{state | count: state.count + 1}
    if state[:table], do: :ets.insert(state.table, {:value, state.count})
    state
  end
end

defmodule Playground.Client do
  @moduledoc """
  The `client` behaviour: every `interval_us` it sends `request` to the process registered as
  `target`. Mode `:ets` reads the target's ETS table itself, in this process, with
  `:ets.lookup/2`.
  """
  use GenServer

  @defaults %{mode: :call, interval_us: 1000, request: :ping}

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, Keyword.take(opts, [:name]))

  @impl true
  def init(opts) do
    state = opts |> Enum.into(@defaults) |> Map.put(:requests, 0)
    Process.put(:playground_id, state.id)
    schedule(state)
    {:ok, state}
  end

  @impl true
  def handle_info(:tick, state) do
    state = %{state | requests: state.requests + 1}
    request(state)
    schedule(state)
    {:noreply, state}
  end

  # No clause takes :poison: it crashes the process with a function_clause error.
  def handle_info(message, state) when message != :poison, do: {:noreply, state}

  # A client answers no call: its caller times out.
  @impl true
  def handle_call(request, _from, state) when request != :poison, do: {:noreply, state}

  # The faults `crash` and `stop`.
  @impl true
  def handle_cast({:raise, message}, _state), do: raise(message)
  def handle_cast({:stop, reason}, state), do: {:stop, reason, state}
  def handle_cast(request, state) when request != :poison, do: {:noreply, state}

  defp request(%{mode: :ets} = state), do: :ets.lookup(state.table, :value)

  defp schedule(state),
    do: Process.send_after(self(), :tick, max(round(state.interval_us / 1000), 1))
end

defmodule Playground.AppSup do
  use Supervisor

  def start_link(opts), do: Supervisor.start_link(__MODULE__, opts, Keyword.take(opts, [:name]))

  @impl true
  def init(opts) do
    Process.put(:playground_id, opts[:id])

    children = [
      %{
        id: :counter,
        start: {Playground.Counter, :start_link, [[id: :counter, name: Counter, table: :counts]]},
        restart: :permanent,
        shutdown: 5000,
        type: :worker
      },
      %{
        id: :reader,
        start:
          {Playground.Client, :start_link,
           [[id: :reader, target: Counter, mode: :ets, interval_us: 5000, table: :counts]]},
        restart: :permanent,
        shutdown: 5000,
        type: :worker
      },
      %{
        id: :jobs,
        start: {Playground.Jobs, :start_link, [[id: :jobs, name: Jobs]]},
        restart: :permanent,
        shutdown: :infinity,
        type: :supervisor
      }
    ]

    Supervisor.init(children, strategy: :one_for_all, max_restarts: 2, max_seconds: 10)
  end
end

defmodule Playground.Jobs do
  use DynamicSupervisor

  def start_link(opts) do
    name = Keyword.take(opts, [:name])

    with {:ok, sup} <- DynamicSupervisor.start_link(__MODULE__, opts, name) do
      # The initial children, in order, right after the supervisor: a start that is
      # refused ({:error, :max_children}) or fails is skipped, as in the simulator.
      for child <- children(), do: DynamicSupervisor.start_child(sup, child)
      {:ok, sup}
    end
  end

  @impl true
  def init(opts) do
    Process.put(:playground_id, opts[:id])

    DynamicSupervisor.init(
      strategy: :one_for_one,
      max_restarts: 3,
      max_seconds: 5,
      max_children: 10
    )
  end

  defp children do
    [
      %{
        id: :job_1,
        start: {Playground.Server, :start_link, [[id: :job_1, service_us: 2000]]},
        restart: :temporary,
        shutdown: 5000,
        type: :worker
      }
    ]
  end
end

# Start the tree. In an application, put the root's child spec among your own children instead:
#
#     %{
#       id: :app_sup,
#       start: {Playground.AppSup, :start_link, [[id: :app_sup]]},
#       restart: :permanent,
#       shutdown: :infinity,
#       type: :supervisor
#     }
{:ok, root} = Playground.AppSup.start_link(id: :app_sup)

if System.get_env("PLAYGROUND_TREE") do
  Playground.print_tree(root)
else
  unless IEx.started?(), do: Process.sleep(:infinity)
end
