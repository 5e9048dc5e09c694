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
