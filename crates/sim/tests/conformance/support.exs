# Shared harness for the OTP conformance cases.
#
# Every <case>.exs loads this file and calls `Conformance.run/1` on its
# <case>.json, so the real tree is built from exactly the scenario the
# simulator reads. The tree is made of real Supervisor / DynamicSupervisor /
# GenServer processes; events come from real :logger supervisor reports and
# real monitors. Golden lines are printed to stdout at the end, nothing else.
#
# See README.md for the line format and the OTP facts this relies on.

defmodule Conformance.JSON do
  @moduledoc false
  # Minimal JSON decoder (Elixir 1.14 / OTP 25 ship none). Objects become
  # maps with string keys, arrays lists.

  def decode!(text) do
    {value, rest} = value(skip(text))

    case skip(rest) do
      "" -> value
      other -> raise "trailing JSON: #{String.slice(other, 0, 20)}"
    end
  end

  defp skip(<<c, rest::binary>>) when c in ' \t\r\n', do: skip(rest)
  defp skip(rest), do: rest

  defp value("{" <> rest), do: object(skip(rest), %{})
  defp value("[" <> rest), do: array(skip(rest), [])
  defp value("\"" <> rest), do: string(rest, [])
  defp value("true" <> rest), do: {true, rest}
  defp value("false" <> rest), do: {false, rest}
  defp value("null" <> rest), do: {nil, rest}

  defp value(text) do
    [num | _] = Regex.run(~r/^-?\d+(\.\d+)?([eE][-+]?\d+)?/, text)
    rest = binary_part(text, byte_size(num), byte_size(text) - byte_size(num))

    if String.contains?(num, [".", "e", "E"]) do
      {String.to_float(num), rest}
    else
      {String.to_integer(num), rest}
    end
  end

  defp object("}" <> rest, acc), do: {acc, rest}

  defp object("\"" <> rest, acc) do
    {key, rest} = string(rest, [])
    ":" <> rest = skip(rest)
    {val, rest} = value(skip(rest))
    acc = Map.put(acc, key, val)

    case skip(rest) do
      "," <> rest -> object(skip(rest), acc)
      "}" <> rest -> {acc, rest}
    end
  end

  defp array("]" <> rest, acc), do: {Enum.reverse(acc), rest}

  defp array(text, acc) do
    {val, rest} = value(text)

    case skip(rest) do
      "," <> rest -> array(skip(rest), [val | acc])
      "]" <> rest -> {Enum.reverse([val | acc]), rest}
    end
  end

  defp string("\"" <> rest, acc), do: {IO.iodata_to_binary(Enum.reverse(acc)), rest}

  defp string("\\" <> <<c, rest::binary>>, acc) do
    case c do
      ?" ->
        string(rest, ["\"" | acc])

      ?\\ ->
        string(rest, ["\\" | acc])

      ?/ ->
        string(rest, ["/" | acc])

      ?n ->
        string(rest, ["\n" | acc])

      ?t ->
        string(rest, ["\t" | acc])

      ?r ->
        string(rest, ["\r" | acc])

      ?b ->
        string(rest, ["\b" | acc])

      ?f ->
        string(rest, ["\f" | acc])

      ?u ->
        <<hex::binary-size(4), rest::binary>> = rest
        string(rest, [<<String.to_integer(hex, 16)::utf8>> | acc])
    end
  end

  defp string(<<c::utf8, rest::binary>>, acc), do: string(rest, [<<c::utf8>> | acc])
end

defmodule Conformance.Reason do
  @moduledoc false
  # Reason normalisation for golden lines:
  #   {exception, stacktrace}      -> {%Mod{message: "msg"}, _}
  #   {:function_clause, stack}    -> {:function_clause, _}  (a raw Erlang
  #                                   error stays as the runtime gives it: the
  #                                   exit reason is not an Elixir exception)
  #   pids -> _pid, references -> _ref, functions (an Agent's) -> _fun;
  #   everything else is `inspect`.

  def format(reason) do
    Process.put(:conf_marks, %{})
    text = inspect(mark(reason), limit: :infinity, printable_limit: :infinity)
    marks = Process.get(:conf_marks)

    Enum.reduce(marks, text, fn {marker, replacement}, acc ->
      String.replace(acc, inspect(marker), replacement)
    end)
  end

  defp mark(pid) when is_pid(pid), do: marker("_pid")
  defp mark(fun) when is_function(fun), do: marker("_fun")
  defp mark(ref) when is_reference(ref), do: marker("_ref")
  defp mark(port) when is_port(port), do: marker("_port")

  defp mark({error, stack}) when is_atom(error) and is_list(stack) and stack != [] do
    if stacktrace?(stack),
      do: marker("{#{inspect(error)}, _}"),
      else: mark_tuple({error, stack})
  end

  defp mark({error, stack} = term) when is_list(stack) and stack != [] do
    if stacktrace?(stack) do
      exception = Exception.normalize(:error, error, stack)

      case exception do
        %FunctionClauseError{} ->
          marker("{%FunctionClauseError{}, _}")

        %{__exception__: true, __struct__: mod} ->
          name = inspect(mod)
          marker("{%#{name}{message: #{inspect(Exception.message(exception))}}, _}")

        _ ->
          mark_tuple(term)
      end
    else
      mark_tuple(term)
    end
  end

  defp mark(tuple) when is_tuple(tuple), do: mark_tuple(tuple)
  defp mark(list) when is_list(list), do: mark_list(list)

  # A %Task{} (in Task.await exit reasons) with its pids and reference marked.
  defp mark(%Task{mfa: mfa}),
    do: marker("%Task{mfa: #{inspect(mfa)}, owner: _pid, pid: _pid, ref: _ref}")

  defp mark(%{__struct__: _} = struct), do: struct

  defp mark(map) when is_map(map) do
    Map.new(map, fn {k, v} -> {mark(k), mark(v)} end)
  end

  defp mark(other), do: other

  defp mark_tuple(tuple), do: tuple |> Tuple.to_list() |> Enum.map(&mark/1) |> List.to_tuple()

  defp mark_list([]), do: []
  defp mark_list([h | t]) when is_list(t), do: [mark(h) | mark_list(t)]
  defp mark_list([h | t]), do: [mark(h) | mark(t)]

  defp stacktrace?(stack) do
    Enum.all?(stack, fn
      {m, f, a, loc}
      when is_atom(m) and is_atom(f) and (is_integer(a) or is_list(a)) and is_list(loc) ->
        true

      {f, a, loc} when is_function(f) and (is_integer(a) or is_list(a)) and is_list(loc) ->
        true

      _ ->
        false
    end)
  end

  defp marker(replacement) do
    marks = Process.get(:conf_marks)
    atom = String.to_atom("$conf_mark_#{map_size(marks)}")
    Process.put(:conf_marks, Map.put(marks, atom, replacement))
    atom
  end
end

defmodule Conformance.Collector do
  @moduledoc false
  # Records events in the order it receives them. Pids are resolved to ids
  # only when the log is dumped, so reports that arrive before the collector
  # knows the root pid are still named correctly.
  #
  # Three ordering rules are imposed. All follow causality; where OTP itself
  # leaves the order open they pick one, so that runs are reproducible:
  #
  # 1. A child_terminated / shutdown_error / intensity report names a child
  #    that is already dead: if that child's :DOWN has not arrived yet, the
  #    collector waits for it and records the `exit` line first.
  # 2. A supervisor that exits with any reason but :killed stopped its
  #    children before it exited: their `exit` lines come first.
  # 3. A supervisor that was killed takes its live children with it through
  #    their links: its `exit` line comes first, then at once its children's
  #    (reason :killed), in start order, before anything else (such as its
  #    parent's report and restart, which in OTP run concurrently with the
  #    children's deaths).

  def start do
    spawn_link(fn ->
      loop(%{
        events: [],
        ids: %{},
        mons: %{},
        refs: %{},
        parents: %{},
        seq: %{},
        stash: %{},
        linked: %{},
        results: [],
        current: %{},
        sups: MapSet.new()
      })
    end)
  end

  defp loop(s) do
    receive do
      {:learn, pid, id, monitor?, kind} ->
        s = learn(s, nil, pid, id, monitor?, kind)
        loop(s)

      {:started, sup, pid, id, kind} ->
        s = learn(s, sup, pid, id, true, kind)
        loop(push(s, {:started, sup, id}))

      {:report, sup, kind, report} ->
        s = before_report(s, report)
        loop(push(s, {:report, sup, kind, report}))

      {:DOWN, ref, :process, _pid, reason} ->
        loop(down(s, ref, reason))

      {:event, line} ->
        loop(push(s, {:line, line}))

      # Another pid printed under an id already known (a pool's poolboy_sup is
      # printed as the pool).
      {:alias, pid, id} ->
        loop(%{s | ids: Map.put(s.ids, pid, to_string(id))})

      # A registry lookup or dispatch: pids named by id when the log is dumped.
      {:pids_line, prefix, pids, dead, sort?} ->
        loop(push(s, {:pids, prefix, pids, dead, sort?}))

      # A table changed hands. When the giver is dead (an heir inherited), its exit
      # came first: wait for its :DOWN so the `exit` line precedes this one.
      {:ets_transfer, to, table, from, data} ->
        s =
          case Map.get(s.refs, from) do
            ref when is_reference(ref) ->
              if Process.alive?(from), do: s, else: await_down(s, ref, from)

            _ ->
              s
          end

        loop(push(s, {:transfer, to, table, from, data}))

      # A server's handle_info got {:EXIT, from, reason} or a :DOWN: after `from`'s
      # own exit line when it is dead (wait for its :DOWN, as for ETS transfers).
      {:signal_line, kind, pid, from, reason} ->
        s =
          case Map.get(s.refs, from) do
            ref when is_reference(ref) ->
              if Process.alive?(from), do: s, else: await_down(s, ref, from)

            _ ->
              s
          end

        loop(push(s, {:signal_line, kind, pid, from, reason}))

      # A task announces itself when it starts; `owner` is the caller it is linked
      # to (Task.async), nil for an unlinked task.
      {:learn_task, pid, id, owner} ->
        s = learn(s, nil, pid, id, true, :worker)
        s = if owner, do: %{s | linked: Map.put(s.linked, pid, owner)}, else: s
        loop(s)

      # What a task client's Task.await / Task.yield returned: kept apart (these
      # race with the Task.Supervisor's reports) and printed last, per client.
      {:task_result, id, text} ->
        loop(%{s | results: [{id, "task_result #{id} #{text}"} | s.results]})

      # What a caller got from GenServer.stop or a stopping call: kept apart like task
      # results (they race with the supervisor's report of the stopped server), by target.
      {:command_result, target, line} ->
        loop(%{s | results: [{target, line} | s.results]})

      {:whereis, id, from} ->
        send(from, {:whereis, Map.get(s.current, id)})
        loop(s)

      {:supervisors, from} ->
        send(from, {:supervisors, Enum.to_list(s.sups)})
        loop(s)

      {:count, from} ->
        send(from, {:count, length(s.events)})
        loop(s)

      {:dump, from} ->
        results = s.results |> Enum.reverse() |> Enum.sort_by(&elem(&1, 0))
        send(from, {:dump, Enum.reverse(s.events), s.ids, results})
        loop(s)
    end
  end

  defp learn(s, sup, pid, id, monitor?, kind) do
    id = to_string(id)

    s = %{
      s
      | ids: Map.put(s.ids, pid, id),
        current: Map.put(s.current, id, pid),
        parents: if(sup, do: Map.put(s.parents, pid, sup), else: s.parents),
        seq: Map.put(s.seq, pid, map_size(s.seq))
    }

    s =
      if kind in [:supervisor, :dynamic_supervisor, :task_supervisor],
        do: %{s | sups: MapSet.put(s.sups, pid)},
        else: s

    if monitor? do
      ref = Process.monitor(pid)
      %{s | mons: Map.put(s.mons, ref, {pid, id}), refs: Map.put(s.refs, pid, ref)}
    else
      s
    end
  end

  defp before_report(s, report) do
    with offender when is_list(offender) <- Keyword.get(report, :offender),
         pid when is_pid(pid) <- Keyword.get(offender, :pid),
         ref when is_reference(ref) <- Map.get(s.refs, pid) do
      await_down(s, ref, pid)
    else
      _ -> s
    end
  end

  defp await_down(s, ref, pid) do
    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> down(s, ref, reason)
    after
      5000 -> push(s, {:line, "harness_error no DOWN from #{Map.get(s.ids, pid)}"})
    end
  end

  defp down(s, ref, reason) do
    case Map.pop(s.mons, ref) do
      {{pid, id}, mons} ->
        s = %{
          s
          | mons: mons,
            refs: Map.delete(s.refs, pid),
            sups: MapSet.delete(s.sups, pid)
        }

        parent = Map.get(s.parents, pid)
        parent_ref = parent && Map.get(s.refs, parent)

        if reason == :killed and parent_ref != nil and not Process.alive?(parent) do
          # Killed while its supervisor is dead too: if the supervisor was
          # killed, it took this child with it (rule 3).
          receive do
            {:DOWN, ^parent_ref, :process, ^parent, :killed} ->
              s = %{s | stash: Map.put(s.stash, pid, {id, reason})}
              down(s, parent_ref, :killed)

            {:DOWN, ^parent_ref, :process, ^parent, parent_reason} ->
              s = push(s, {:exit, id, reason})
              down(s, parent_ref, parent_reason)
          after
            5000 -> push(s, {:line, "harness_error no DOWN from #{Map.get(s.ids, parent)}"})
          end
        else
          finish(s, pid, id, reason)
        end

      {nil, _} ->
        s
    end
  end

  defp finish(s, pid, id, :killed) do
    s |> push({:exit, id, :killed}) |> orphans(pid) |> linked_tasks(pid, :killed)
  end

  defp finish(s, pid, id, reason) do
    s |> drain(pid) |> push({:exit, id, reason}) |> linked_tasks(pid, reason)
  end

  # Rule 4: a caller that exits abnormally takes the tasks linked to it along
  # (Task.async): their `exit` lines come right after its own, before its
  # supervisor's report, which in OTP races with their deaths.
  defp linked_tasks(s, _owner, :normal), do: s

  defp linked_tasks(s, owner, _reason) do
    for({task, ^owner} <- s.linked, Map.has_key?(s.refs, task), do: task)
    |> Enum.sort_by(&Map.fetch!(s.seq, &1))
    |> Enum.reduce(s, fn task, s -> await_down(s, Map.fetch!(s.refs, task), task) end)
  end

  defp live_children(s, sup) do
    for {child, ^sup} <- s.parents,
        Map.has_key?(s.refs, child) or Map.has_key?(s.stash, child),
        do: child
  end

  # Rule 2: a supervisor that exits with any reason but :killed has stopped
  # its children first; record any exit still in flight before its own, in
  # the order it stopped them (reverse start order).
  defp drain(s, sup) do
    s
    |> live_children(sup)
    |> Enum.sort_by(&Map.fetch!(s.seq, &1), :desc)
    |> Enum.reduce(s, &record_child/2)
  end

  # Rule 3: a supervisor that was killed did not stop its children; they die
  # through their links after it. Record them right after it, in start order.
  defp orphans(s, sup) do
    s
    |> live_children(sup)
    |> Enum.sort_by(&Map.fetch!(s.seq, &1))
    |> Enum.reduce(s, &record_child/2)
  end

  defp record_child(child, s) do
    case Map.pop(s.stash, child) do
      {{id, reason}, stash} -> finish(%{s | stash: stash}, child, id, reason)
      {nil, _} -> await_down(s, Map.fetch!(s.refs, child), child)
    end
  end

  defp push(s, event), do: %{s | events: [event | s.events]}
end

defmodule Conformance.Handler do
  @moduledoc false
  # :logger handler. Handlers run in the process that logs, so self() is the
  # supervisor that wrote the report.
  def log(%{msg: {:report, %{label: {:supervisor, kind}, report: report}}}, %{
        config: %{collector: c}
      }) do
    case kind do
      :progress ->
        started = Keyword.fetch!(report, :started)
        id = Keyword.fetch!(started, :id)

        # A Registry's own partitions (Registry.Supervisor's children): the
        # simulator draws the registry as one process, so they are not lines.
        if not (is_atom(id) and String.contains?(Atom.to_string(id), "PIDPartition")) do
        type = Keyword.get(started, :child_type, :worker)
        type = if type == :supervisor, do: :supervisor, else: type

        send(
          c,
          {:started, self(), Keyword.fetch!(started, :pid), Keyword.fetch!(started, :id), type}
        )
        end

      _ ->
        send(c, {:report, self(), kind, report})
    end

    :ok
  end

  # telemetry's ?LOG_ERROR for a failed handler, logged in the emitting process: its
  # first line (the stacktrace follows).
  def log(%{msg: {format, args}}, %{config: %{collector: c}}) when is_list(format) do
    if List.starts_with?(format, ~c"Handler ~p has failed") do
      [first | _] = :io_lib.format(format, args) |> IO.chardata_to_string() |> String.split("\n")
      send(c, {:event, "telemetry_log #{Process.get(:conf_id, "?")} #{first}"})
    end

    :ok
  end

  def log(_event, _config), do: :ok
end

defmodule Conformance.DbgCapture do
  @moduledoc false
  # A group leader for a process traced with :sys.trace/2: gen_server writes each
  # `*DBG*` line to its group leader with io:format; this process answers the io
  # request and sends the line to the collector as `dbg <id> <line>`. A harness
  # worker's state is a map of its settings and count: it is shown as the count,
  # which is the simulator's counter state, and pids (which differ between runs)
  # as `_pid`.

  def start(id, collector), do: spawn(fn -> loop(id, collector) end)

  defp loop(id, collector) do
    receive do
      {:io_request, from, reply_as, request} ->
        for line <- text(request) |> String.split("\n", trim: true) do
          line = Regex.replace(~r/<\d+\.\d+\.\d+>/, line, "_pid")
          send(collector, {:event, "dbg #{id} #{line}"})
        end

        send(from, {:io_reply, reply_as, :ok})
        loop(id, collector)
    end
  end

  defp text({:put_chars, _enc, mod, fun, args}) do
    args = for a <- args, do: project(a)
    IO.chardata_to_string(apply(mod, fun, args))
  end

  defp text({:put_chars, _enc, chars}), do: IO.chardata_to_string(chars)
  defp text(_), do: ""

  @doc "A harness worker's state (a map with a :count) as its count, inside any term."
  # `:sys.statistics(pid, :get)`: only the message counts (times and reductions
  # are the machine's).
  def project({:ok, [{:start_time, _} | _] = stats}),
    do: {:ok, Keyword.take(stats, [:messages_in, :messages_out])}

  def project(%{count: count, opts: _}), do: count
  def project(list) when is_list(list), do: Enum.map(list, &project/1)
  def project(t) when is_tuple(t), do: t |> Tuple.to_list() |> project() |> List.to_tuple()

  def project(other), do: other
end

defmodule Conformance.Server do
  @moduledoc false
  # The JSON worker kinds `server` and `counter`. With a `table`, init/1 creates
  # that named :public, read_concurrency ETS table (after its init_us, so the
  # table exists exactly when init returns), and the counter writes its value
  # there on every :incr. The table dies with the process (no heir).
  use GenServer

  def start_link(opts) do
    # Runs in the supervisor starting it: name that supervisor for the collector.
    if p = opts[:parent_sup], do: send(opts.collector, {:alias, self(), p})
    gen_opts = if opts.name, do: [name: opts.name], else: []
    result = GenServer.start_link(__MODULE__, opts, gen_opts)
    Conformance.announce(opts, result)
    result
  end

  @impl true
  def init(opts) do
    if opts.trap_exit, do: Process.flag(:trap_exit, true)
    # Telemetry handlers and the logger handler run in this process: they name it.
    Process.put(:conf_id, to_string(opts.id))
    Conformance.sleep_us(opts.init_us)

    case Conformance.init_failure(opts) do
      nil -> init_ok(opts)
      failure -> failure.()
    end
  end

  defp init_ok(opts) do

    if table = opts.behaviour.table do
      ^table = :ets.new(table, [:named_table, :public, read_concurrency: true])
      :ets.insert(table, {:value, 0})
    end

    # `registers`: Registry.register/3 as init/1 ends (the result is not matched).
    for r <- opts.registers,
        do: Registry.register(Conformance.name(r["registry"]), Conformance.term(r["key"]), nil)

    # `joins`: :pg.join/3 as init/1 ends (a call to the scope).
    for j <- opts.joins,
        do: :ok = :pg.join(Conformance.name(j["scope"]), Conformance.term(j["group"]), self())

    {:ok, %{opts: opts, count: 0}}
  end

  defp write(%{opts: %{behaviour: %{table: table}}, count: count}) when table != nil,
    do: :ets.insert(table, {:value, count})

  defp write(_s), do: :ok

  # The fault `call_stop`: the call is answered by stopping, with or without a reply.
  @impl true
  def handle_call({:stop, reason}, _from, s) do
    Conformance.sleep_us(s.opts.behaviour.service_us)
    {:stop, reason, s}
  end

  def handle_call({:stop, reason, reply}, _from, s) do
    Conformance.sleep_us(s.opts.behaviour.service_us)
    {:stop, reason, reply, s}
  end

  def handle_call(msg, _from, s) do
    Conformance.sleep_us(s.opts.behaviour.service_us)
    # An emitter (`telemetry.emitters`) ends each handle_call with :telemetry.execute/3,
    # before the reply leaves; `duration` is the call's service time.
    Conformance.Telemetry.emit(s.opts.id, s.opts.behaviour.service_us)

    case s.opts.behaviour.kind do
      "counter" ->
        case msg do
          :get -> {:reply, s.count, s}
          :incr ->
            s = %{s | count: s.count + 1}
            write(s)
            {:reply, s.count, s}

          _ -> {:reply, s.count, s}
        end

      _ ->
        {:reply, :ok, s}
    end
  end

  @impl true
  def handle_cast({:crash, message, ack_to}, _s) do
    send(ack_to, {:crashing, self()})
    raise(message)
  end

  def handle_cast({:stop, reason}, s), do: {:stop, reason, s}

  def handle_cast({:register, reg, key}, s) do
    Registry.register(reg, key, nil)
    {:noreply, s}
  end

  def handle_cast({:unregister, reg, key}, s) do
    Registry.unregister(reg, key)
    {:noreply, s}
  end

  # The `give_away` and `set_heir` commands: the process makes the ETS call itself,
  # uncaught (a badarg crashes it, as it would crash any code that does not rescue).
  def handle_cast({:give_away, table, to, gift}, s) do
    true = :ets.give_away(table, to, gift)
    {:noreply, s}
  end

  def handle_cast({:set_heir, table, heir, data}, s) do
    true = :ets.setopts(table, {:heir, heir, data})
    {:noreply, s}
  end

  # Process-level calls the process makes itself (the commands spawn, spawn_link,
  # link, unlink, monitor, demonitor, trap_exit, exit_self, process_exit), uncaught:
  # an error (link to a dead pid without trapping, a nil pid) crashes the server.
  def handle_cast({:spawn, node, link?}, s) do
    %{start: {module, _, [opts]}} = Conformance.child_spec(node, s.opts.collector, true)
    opts = %{opts | announce: false}
    gen_opts = if opts.name, do: [name: opts.name], else: []

    result =
      if link?,
        do: GenServer.start_link(module, opts, gen_opts),
        else: GenServer.start(module, opts, gen_opts)

    with {:ok, pid} <- result, do: send(s.opts.collector, {:learn, pid, opts.id, true, :worker})
    {:noreply, s}
  end

  def handle_cast({:link, pid}, s) do
    true = Process.link(pid)
    {:noreply, s}
  end

  def handle_cast({:unlink, pid}, s) do
    true = Process.unlink(pid)
    {:noreply, s}
  end

  def handle_cast({:monitor, pid}, s) do
    ref = Process.monitor(pid)
    {:noreply, Map.update(s, :mons, [{ref, pid}], &[{ref, pid} | &1])}
  end

  def handle_cast({:demonitor, pid}, s) do
    {gone, kept} = Enum.split_with(Map.get(s, :mons, []), fn {_, p} -> p == pid end)
    for {ref, _} <- gone, do: Process.demonitor(ref)
    {:noreply, Map.put(s, :mons, kept)}
  end

  def handle_cast({:trap_exit, on}, s) do
    Process.flag(:trap_exit, on)
    {:noreply, s}
  end

  def handle_cast({:exit_self, reason}, _s), do: exit(reason)

  def handle_cast({:process_exit, pid, reason}, s) do
    Process.exit(pid, reason)
    {:noreply, s}
  end

  def handle_cast(:incr, s) do
    Conformance.sleep_us(s.opts.behaviour.service_us)
    s = %{s | count: s.count + 1}
    write(s)
    {:noreply, s}
  end

  def handle_cast(_msg, s), do: {:noreply, s}

  # Deliberately no clause for :poison: it fails with a real function_clause.
  @impl true
  def handle_info({:"ETS-TRANSFER", table, from, data}, s) do
    send(s.opts.collector, {:ets_transfer, self(), table, from, data})
    {:noreply, s}
  end

  # A trapped exit signal and a monitor's :DOWN, reported as `trapped` and `down`
  # lines (an {:EXIT, ...} from the script itself, which stands for the outside
  # world, is not: only processes the collector knows by id are).
  def handle_info({:EXIT, from, reason}, s) do
    send(s.opts.collector, {:signal_line, "trapped", self(), from, reason})
    {:noreply, s}
  end

  def handle_info({:DOWN, _ref, :process, pid, reason}, s) do
    send(s.opts.collector, {:signal_line, "down", self(), pid, reason})
    {:noreply, s}
  end

  def handle_info(msg, s) when msg != :poison, do: {:noreply, s}

  @impl true
  def terminate(_reason, s) do
    Conformance.sleep_us(s.opts.terminate_us)
    :ok
  end
end

defmodule Conformance.Client do
  @moduledoc false
  # The JSON worker kind `client`: every interval it calls (or casts to) the
  # named target. The first request goes out one interval after init. Mode
  # `ets` reads the table the target creates with :ets.lookup/2 in this
  # process instead (a missing table raises ArgumentError: the raw error
  # :badarg), and makes every `write_every`th request a call.
  use GenServer

  def start_link(opts) do
    gen_opts = if opts.name, do: [name: opts.name], else: []
    result = GenServer.start_link(__MODULE__, opts, gen_opts)
    Conformance.announce(opts, result)
    result
  end

  @impl true
  def init(opts) do
    if opts.trap_exit, do: Process.flag(:trap_exit, true)
    Conformance.sleep_us(opts.init_us)
    schedule(opts)
    {:ok, %{opts: opts, pending: nil, requests: 0, abandoned: nil}}
  end

  defp schedule(opts),
    do: Process.send_after(self(), :tick, max(div(opts.behaviour.interval_us, 1000), 0))

  @impl true
  def handle_info(:tick, s) do
    max = s.opts.behaviour.max_requests

    cond do
      System.monotonic_time(:millisecond) >= :persistent_term.get(:conf_deadline) ->
        {:noreply, s}

      # `max_requests`: done, no more requests (nor ticks).
      max != nil and s.requests >= max ->
        {:noreply, s}

      true ->
        request(s)
    end
  end

  def handle_info(:check_late, s) do
    verdict = if s.pending == :received, do: "received", else: "dropped"
    send(s.opts.collector, {:event, "late_reply #{s.opts.id} #{verdict}"})
    {:noreply, %{s | pending: nil}}
  end

  # The reply and :DOWN of a task whose Task.yield gave nil: reported as they come.
  def handle_info({ref, _} = msg, %{abandoned: ref} = s) when is_reference(ref) do
    send(s.opts.collector, {:event, "task_leftover #{s.opts.id} #{Conformance.Reason.format(msg)}"})
    {:noreply, s}
  end

  def handle_info({:DOWN, ref, :process, _, _} = msg, %{abandoned: ref} = s) do
    send(s.opts.collector, {:event, "task_leftover #{s.opts.id} #{Conformance.Reason.format(msg)}"})
    {:noreply, %{s | abandoned: nil}}
  end

  # A late reply, old style {ref, reply} or OTP 24+ {[:alias | ref], reply}.
  def handle_info({tag, _reply}, %{pending: :waiting} = s)
      when is_reference(tag) or (is_list(tag) and tag != []) do
    {:noreply, %{s | pending: :received}}
  end

  def handle_info(msg, s) when msg != :poison, do: {:noreply, s}

  defp request(s) do
    b = s.opts.behaviour
    s = %{s | requests: s.requests + 1}
    write? = b.write_every != nil and rem(s.requests, b.write_every) == 0

    s =
      case b.mode do
        "cast" ->
          if b.statem,
            do: :gen_statem.cast(b.target, b.request),
            else: GenServer.cast(b.target, b.request)

          s

        "ets" when not write? ->
          [{:value, _}] = :ets.lookup(b.table, :value)
          s

        # Task.async links the task to this process: its crash kills us, and
        # ours kills it. Task.await's exits are not caught.
        "async" ->
          me = self()
          task = Task.async(fn -> Conformance.run_task(s.opts, me) end)

          cond do
            # Task.yield: on nil, go on and leave the task running (`task_yield`).
            b.task_yield ->
              result = Task.yield(task, b.timeout_ms)
              send(s.opts.collector, {:task_result, s.opts.id, Conformance.Reason.format(result)})
              if result == nil, do: %{s | abandoned: task.ref}, else: s

            # A caught Task.await timeout: look for the late reply afterwards.
            b.catch_timeout ->
              try do
                result = Task.await(task, b.timeout_ms)
                send(s.opts.collector, {:task_result, s.opts.id, Conformance.Reason.format(result)})
                s
              catch
                :exit, reason ->
                  text = Conformance.Reason.format({:exit, reason})
                  send(s.opts.collector, {:task_result, s.opts.id, text})
                  Process.send_after(self(), :check_late, b.late_check_ms)
                  %{s | pending: :waiting}
              end

            true ->
              result = Task.await(task, b.timeout_ms)
              send(s.opts.collector, {:task_result, s.opts.id, Conformance.Reason.format(result)})
              s
          end

        # Under the Task.Supervisor, not linked: a crash comes back as {:exit, _}.
        "async_nolink" ->
          task = Task.Supervisor.async_nolink(b.target, fn -> Conformance.run_task(s.opts, nil) end)
          result = Task.yield(task, b.timeout_ms) || Task.shutdown(task)
          send(s.opts.collector, {:task_result, s.opts.id, Conformance.Reason.format(result)})
          s

        # Agent.get / update / get_and_update / cast with the functions the simulator
        # has built in; each runs in the agent, taking its service_us there.
        "agent_get" ->
          Agent.get(b.target, Conformance.Agent.fun(& &1), b.timeout_ms)
          s

        # :poolboy.transaction/3: the checkout waits at most timeout_ms; the
        # worker's call has GenServer.call's 5 s. Each checkout is printed.
        "pool_transaction" ->
          :poolboy.transaction(
            b.target,
            fn w ->
              send(s.opts.collector, {:pids_line, "checkout #{b.target_text} #{s.opts.id}", [w], [], false})
              GenServer.call(w, b.request)
            end,
            b.timeout_ms
          )

          s

        "agent_update" ->
          Agent.update(b.target, Conformance.Agent.fun(&(&1 + 1)), b.timeout_ms)
          s

        "agent_get_and_update" ->
          Agent.get_and_update(b.target, Conformance.Agent.fun(&{&1, &1 + 1}), b.timeout_ms)
          s

        # Registry.dispatch/3: the function runs here, once per non-empty partition.
        "dispatch" ->
          Process.put(:conf_dispatched, [])

          Registry.dispatch(b.target, b.key, fn entries ->
            for {pid, _} <- entries do
              send(pid, b.request)
              Process.put(:conf_dispatched, [pid | Process.get(:conf_dispatched)])
            end
          end)

          pids = Enum.reverse(Process.get(:conf_dispatched))
          line = "dispatch #{s.opts.id} #{b.target_text} #{b.key_text}"
          sorted? = Conformance.registry_partitions(b.target_text) > 1
          send(s.opts.collector, {:pids_line, line, pids, Enum.reject(pids, &Process.alive?/1), sorted?})
          s

        "agent_cast" ->
          Agent.cast(b.target, Conformance.Agent.fun(&(&1 + 1)))
          s

        # Read-modify-write in the caller: the update writes back what this client
        # computed, whatever the agent holds by then.
        "agent_get_then_update" ->
          n = Agent.get(b.target, Conformance.Agent.fun(& &1), b.timeout_ms)
          Conformance.sleep_us(b.work_us)
          Agent.update(b.target, Conformance.Agent.fun(fn _ -> n + 1 end), b.timeout_ms)
          s

        # In this process, no copy: raises ArgumentError on a missing key.
        "persistent_term_get" ->
          _ = :persistent_term.get(b.key)
          s

        # Read-modify-write in the caller: the put writes back what this client
        # computed, whatever the table holds by then.
        "persistent_term_incr" ->
          n = :persistent_term.get(b.key)
          Conformance.sleep_us(b.work_us)
          :persistent_term.put(b.key, n + 1)
          s

        # The work, then an atomic add on the shared :counters array (its ref kept in
        # persistent_term under the key, created by the script before the tree starts).
        "counters_add" ->
          Conformance.sleep_us(b.work_us)
          :counters.add(:persistent_term.get(b.key), 1, 1)
          s

        _ ->
          if b.catch_timeout do
            try do
              call(b)
              s
            catch
              :exit, {:timeout, _} ->
                # Look for the late reply after the server must have sent it.
                # The wait does not block the client: any reply that does
                # reach the mailbox shows up in handle_info below.
                Process.send_after(self(), :check_late, b.late_check_ms)
                %{s | pending: :waiting}
            end
          else
            call(b)
            s
          end
      end

    schedule(s.opts)
    {:noreply, s}
  end

  # :gen_statem.call/3 to a gen_statem (its exit reasons name :gen_statem).
  defp call(%{statem: true} = b), do: :gen_statem.call(b.target, b.request, b.timeout_ms)
  defp call(b), do: GenServer.call(b.target, b.request, b.timeout_ms)

  @impl true
  def handle_cast({:crash, message, ack_to}, _s) do
    send(ack_to, {:crashing, self()})
    raise(message)
  end

  def handle_cast({:stop, reason}, s), do: {:stop, reason, s}
  def handle_cast(_msg, s), do: {:noreply, s}

  @impl true
  def terminate(_reason, s) do
    Conformance.sleep_us(s.opts.terminate_us)
    :ok
  end
end

defmodule Conformance.Agent do
  @moduledoc false
  # The JSON worker kind `agent`: Elixir's own Agent holding `initial`. The
  # functions clients send run in it and sleep its `service_us` first (kept in
  # its process dictionary, since the function runs in the agent's process).
  def start_link(opts) do
    b = opts.behaviour

    result =
      Agent.start_link(
        fn ->
          Process.put(:conf_service_us, b.service_us)
          if opts.trap_exit, do: Process.flag(:trap_exit, true)
          Conformance.sleep_us(opts.init_us)
          b.initial
        end,
        if(opts.name, do: [name: opts.name], else: [])
      )

    Conformance.announce(opts, result)
    result
  end

  def fun(f) do
    fn n ->
      Conformance.sleep_us(Process.get(:conf_service_us, 0))
      f.(n)
    end
  end
end

defmodule Conformance.Statem do
  @moduledoc false
  # The JSON worker kind `statem`: a real :gen_statem (callback mode
  # handle_event_function) whose handle_event/4 runs the rules of the JSON:
  # the first rule of the current state whose event type, content and
  # min_count match handles the event, after sleeping its cost_us. Each handled
  # event is reported to the collector as a `statem` line from inside the
  # callback. An event no rule matches calls a function with no matching
  # clause, so the process fails with a real function_clause error, as a
  # hand-written handle_event/4 missing that clause would.
  @behaviour :gen_statem

  def start_link(opts) do
    result =
      if opts.name,
        do: :gen_statem.start_link({:local, opts.name}, __MODULE__, opts, []),
        else: :gen_statem.start_link(__MODULE__, opts, [])

    Conformance.announce(opts, result)
    result
  end

  @impl true
  def callback_mode, do: :handle_event_function

  @impl true
  def init(opts) do
    if opts.trap_exit, do: Process.flag(:trap_exit, true)
    Conformance.sleep_us(opts.init_us)
    {:ok, opts.behaviour.initial, %{opts: opts, count: 0}}
  end

  # The faults' built-in requests come first, as in Conformance.Server.
  @impl true
  def handle_event(:cast, {:crash, message, ack_to}, _state, _data) do
    send(ack_to, {:crashing, self()})
    raise(message)
  end

  def handle_event(:cast, {:stop, reason}, _state, data), do: {:stop, reason, data}

  def handle_event(type, content, state, data) do
    {kind, key} =
      case type do
        {:call, _} -> {"call", content}
        :cast -> {"cast", content}
        :info -> {"info", content}
        :state_timeout -> {"state_timeout", content}
        :timeout -> {"timeout", content}
        {:timeout, name} -> {"generic_timeout", name}
      end

    rules = Map.get(data.opts.behaviour.states, state, [])

    rule =
      Enum.find(rules, fn r ->
        r.event == kind and (r.match == :any or r.match == key) and data.count >= r.min_count
      end)

    case rule do
      nil -> apply(__MODULE__, :no_clause_for, [type, content, state])
      r -> run(r, type, kind, content, state, data)
    end
  end

  @doc false
  def no_clause_for(:never, :never, :never), do: :ok

  defp run(r, type, kind, content, state, data) do
    Conformance.sleep_us(r.cost_us)

    count =
      case r.count do
        "incr" -> data.count + 1
        "reset" -> 0
        nil -> data.count
      end

    next = r.next || state
    postpone? = :postpone in r.actions

    result =
      case {next != state, postpone?} do
        {false, false} -> "keep"
        {false, true} -> "postpone"
        {true, false} -> "->#{next}"
        {true, true} -> "postpone->#{next}"
      end

    opts = data.opts
    line = "statem #{opts.id} #{state} #{result} #{kind} #{Conformance.Reason.format(content)}"
    send(opts.collector, {:event, line})

    reply =
      case {type, r.reply} do
        {{:call, from}, reply} when reply != :none -> [{:reply, from, reply}]
        _ -> []
      end

    {:next_state, next, %{data | count: count}, reply ++ r.actions}
  end

  @impl true
  def terminate(_reason, _state, data) do
    Conformance.sleep_us(data.opts.terminate_us)
    :ok
  end

  @doc "The JSON `statem` behaviour, with its rules turned into gen_statem actions."
  def behaviour(b) do
    states =
      Map.new(b["states"], fn s ->
        {String.to_atom(s["name"]), Enum.map(s["on"] || [], &rule/1)}
      end)

    %{kind: "statem", initial: String.to_atom(b["initial"]), states: states}
  end

  defp rule(r) do
    %{
      event: r["event"],
      match: if(m = r["match"], do: Conformance.term(m), else: :any),
      min_count: r["min_count"] || 0,
      next: if(n = r["next"], do: String.to_atom(n)),
      reply: if(rep = r["reply"], do: Conformance.term(rep), else: :none),
      cost_us: r["cost_us"] || 0,
      count: r["count"],
      actions: Enum.map(r["actions"] || [], &action/1)
    }
  end

  defp action(%{"type" => "state_timeout", "ms" => ms}), do: {:state_timeout, ms, :timeout}
  defp action(%{"type" => "timeout", "ms" => ms}), do: {:timeout, ms, :timeout}

  defp action(%{"type" => "generic_timeout", "name" => n, "ms" => ms}) do
    name = Conformance.term(n)
    {{:timeout, name}, ms, name}
  end

  defp action(%{"type" => "cancel_state_timeout"}), do: {:state_timeout, :cancel}

  defp action(%{"type" => "cancel_generic_timeout", "name" => n}),
    do: {{:timeout, Conformance.term(n)}, :cancel}

  defp action(%{"type" => "postpone"}), do: :postpone
end

defmodule Conformance do
  @moduledoc false
  alias Conformance.{Collector, Reason}

  @doc "Runs the scenario in `json_path` and prints the golden lines."
  # `start:` starts the tree some other way (`../elixir/run_export.exs` runs an exported
  # script's own modules) and returns `{:ok, root}`.
  def run(json_path, opts \\ []) do
    scenario = json_path |> File.read!() |> Conformance.JSON.decode!()
    Process.flag(:trap_exit, true)
    preload()
    collector = Collector.start()
    # Before the logger handler: telemetry_sup's progress report is not the tree's.
    Conformance.Telemetry.setup(scenario["telemetry"], collector)
    setup_logger(collector)

    tree = scenario["tree"]
    root_id = tree["id"]
    remember_types(tree)
    remember_tables(scenario)
    remember_statems(scenario)
    create_counters(tree)
    t0 = System.monotonic_time(:millisecond)
    # Clients make no new request from duration_ms on, as the simulator's run ends there.
    :persistent_term.put(:conf_deadline, t0 + (scenario["duration_ms"] || 10_000))

    {:ok, root} =
      case {opts[:start], tree["type"]} do
        {start, _} when start != nil -> start.()
        {_, "supervisor"} -> start_sup(tree, collector)
        {_, "dynamic_supervisor"} -> start_dsup(tree, collector)
        {_, "task_supervisor"} -> start_tsup(tree)
        {_, "partition_supervisor"} -> start_psup(tree)
      end

    send(collector, {:learn, root, root_id, false, String.to_atom(tree["type"])})

    faults = Enum.sort_by(scenario["faults"] || [], & &1["at_ms"])

    for fault <- faults do
      sleep_until(t0 + fault["at_ms"])
      # On an idle machine everything has settled long before; on a loaded
      # one this keeps a late restart from being overtaken by the next fault.
      sync_supervisors(collector)
      apply_fault(fault, collector, root, root_id)
    end

    sleep_until(t0 + (scenario["duration_ms"] || 10_000))
    settle(collector)

    root_exit =
      receive do
        {:EXIT, ^root, reason} -> ["exit #{root_id} #{Reason.format(reason)}"]
      after
        0 -> []
      end

    send(collector, {:dump, self()})

    {events, ids, results} =
      receive do
        {:dump, events, ids, results} -> {events, ids, results}
      end

    ids = Map.put(ids, root, root_id)
    results = for {_key, line} <- results, do: line
    states = agent_states(tree, collector)
    partitions = partition_lines(tree)
    pterms = persistent_term_lines(scenario)
    counters = counters_lines(tree)

    lines =
      ["started #{root_id}" | Enum.flat_map(events, &render(&1, ids))] ++
        results ++ states ++ partitions ++ pterms ++ counters ++ Conformance.Pool.lines(tree, ids) ++
        Conformance.Telemetry.lines(scenario["telemetry"]) ++ root_exit
    Enum.each(lines, &IO.puts/1)
  end

  # `persistent_term <key> <term>` for each key the scenario names (its faults'
  # targets, its clients' keys) that is stored at the end, by key. Only those:
  # the node holds others (the harness's own, OTP's).
  defp persistent_term_lines(scenario) do
    fault_keys =
      for f <- scenario["faults"] || [],
          f["action"] in ["persistent_term_put", "persistent_term_erase"],
          do: f["target"]

    (fault_keys ++ client_keys(scenario["tree"]))
    |> Enum.uniq()
    |> Enum.sort()
    |> Enum.flat_map(fn key ->
      case :persistent_term.get(String.to_atom(key), :conf_missing) do
        :conf_missing -> []
        value -> ["persistent_term #{key} #{Reason.format(value)}"]
      end
    end)
  end

  # `counters <key> <value>` for each `counters_add` client's key, by key.
  defp counters_lines(tree) do
    tree
    |> counters_keys()
    |> Enum.uniq()
    |> Enum.sort()
    |> Enum.map(fn key ->
      "counters #{key} #{:counters.get(:persistent_term.get(String.to_atom(key)), 1)}"
    end)
  end

  # Each `counters_add` client's key gets its array (`:counters.new(1, [:atomics])`),
  # kept in persistent_term, before the tree starts.
  defp create_counters(tree) do
    for key <- Enum.uniq(counters_keys(tree)),
        do: :persistent_term.put(String.to_atom(key), :counters.new(1, [:atomics]))
  end

  defp counters_keys(node) do
    own =
      with %{"key" => k, "mode" => "counters_add"} <- node["behaviour"] || %{},
           do: [k],
           else: (_ -> [])

    own ++ Enum.flat_map(node["children"] || [], &counters_keys/1)
  end

  defp client_keys(node) do
    # Only the persistent_term modes' keys (a `dispatch` client's key is a Registry key).
    own =
      with %{"key" => k, "mode" => m} <- node["behaviour"] || %{},
           true <- m in ["persistent_term_get", "persistent_term_incr"],
           do: [k],
           else: (_ -> [])
    own ++ Enum.flat_map(node["children"] || [], &client_keys/1)
  end

  # `state <id> <term>` for each live agent, by id: `:sys.get_state/1` at the end.
  defp agent_states(tree, collector) do
    tree
    |> agent_ids()
    |> Enum.sort()
    |> Enum.flat_map(fn id ->
      send(collector, {:whereis, id, self()})

      receive do
        {:whereis, pid} when is_pid(pid) ->
          if Process.alive?(pid),
            do: ["state #{id} #{Reason.format(:sys.get_state(pid))}"],
            else: []

        {:whereis, _} ->
          []
      end
    end)
  end

  # For each live PartitionSupervisor, by id: the partition ids in the order
  # `PartitionSupervisor.which_children/1` lists them, its `count_children/1`,
  # and each partition's `DynamicSupervisor.count_children/1` (by partition id).
  defp partition_lines(tree) do
    tree
    |> partition_nodes()
    |> Enum.sort_by(& &1["id"])
    |> Enum.flat_map(fn node ->
      name = name(node["name"])

      case Process.whereis(name) do
        pid when is_pid(pid) ->
          children = PartitionSupervisor.which_children(name)
          ids = for {id, _, _, _} <- children, do: id

          counts =
            for {id, child, _, _} <- children, is_pid(child) do
              "count_children #{node["id"]}/#{id} #{inspect(DynamicSupervisor.count_children(child))}"
            end

          [
            "which_children #{node["id"]} #{inspect(ids)}",
            "count_children #{node["id"]} #{inspect(PartitionSupervisor.count_children(name))}"
            | counts
          ]

        nil ->
          []
      end
    end)
  end

  defp partition_nodes(node) do
    own = if node["type"] == "partition_supervisor", do: [node], else: []
    own ++ Enum.flat_map(node["children"] || [], &partition_nodes/1)
  end

  defp agent_ids(node) do
    own = if get_in(node, ["behaviour", "kind"]) == "agent", do: [node["id"]], else: []
    own ++ Enum.flat_map(node["children"] || [], &agent_ids/1)
  end

  defp setup_logger(collector) do
    for id <- :logger.get_handler_ids(), do: :logger.remove_handler(id)
    :ok = :logger.set_primary_config(:level, :all)

    :ok =
      :logger.add_handler(:conformance, Conformance.Handler, %{
        level: :all,
        filter_default: :log,
        filters: [],
        config: %{collector: collector}
      })
  end

  # Let every live supervisor finish what it is doing (a restart, a
  # shutdown): :sys.get_state/2 is answered only after the messages already
  # in its queue, including the 'EXIT' of a child that just died, have been
  # handled. Workers are not synced: some cases overlap a slow terminate/2
  # with the next fault on purpose. The syncs themselves cause no events.
  defp sync_supervisors(collector) do
    send(collector, {:supervisors, self()})

    sups =
      receive do
        {:supervisors, sups} -> sups
      end

    for pid <- sups do
      try do
        :sys.get_state(pid, 2000)
      catch
        :exit, _ -> :ok
      end
    end

    :ok
  end

  # At the end: sync supervisors in rounds until a round adds no event (at
  # least three rounds, at most ~2 s). This only matters on a loaded machine.
  defp settle(collector, rounds \\ 15) do
    before = event_count(collector)
    sync_supervisors(collector)
    Process.sleep(100)

    if (rounds > 13 or event_count(collector) != before) and rounds > 0,
      do: settle(collector, rounds - 1)
  end

  defp event_count(collector) do
    send(collector, {:count, self()})

    receive do
      {:count, n} -> n
    end
  end

  # Load the modules a run touches before the clock starts: in interactive
  # mode the first use of a module loads it from disk, which on a busy
  # machine can delay the first crash or restart by tens of milliseconds.
  defp preload do
    mods = [
      :supervisor,
      :gen_server,
      :gen_statem,
      :gen,
      :proc_lib,
      :sys,
      :logger,
      :logger_backend,
      :logger_server,
      :logger_config,
      :erl_error,
      :timer,
      Supervisor,
      Supervisor.Default,
      DynamicSupervisor,
      PartitionSupervisor,
      GenServer,
      Process,
      Exception,
      RuntimeError,
      FunctionClauseError,
      Inspect,
      Inspect.Algebra,
      Inspect.Opts,
      Keyword,
      Map,
      Enum,
      String
    ]

    :ok = :code.ensure_modules_loaded(mods)
  end

  defp render({:started, _sup, id}, _ids), do: ["started #{id}"]
  defp render({:exit, id, reason}, _ids), do: ["exit #{id} #{Reason.format(reason)}"]
  defp render({:line, line}, _ids), do: [line]

  # Only signals between processes known by id: the script's own exit signals (it
  # stands for the outside world) are not lines.
  defp render({:signal_line, kind, pid, from, reason}, ids) do
    case Map.get(ids, from) do
      nil -> []
      from_id -> ["#{kind} #{Map.get(ids, pid, "?")} #{from_id} #{Reason.format(reason)}"]
    end
  end

  defp render({:transfer, to, table, from, data}, ids) do
    ["ets_transfer #{Map.get(ids, to, "?")} #{table} from #{Map.get(ids, from, "?")} #{Reason.format(data)}"]
  end

  defp render({:pids, prefix, pids, dead, sort?}, ids) do
    names =
      for pid <- pids do
        id = Map.get(ids, pid, "?")
        if pid in dead, do: "#{id}(dead)", else: id
      end

    names = if sort?, do: Enum.sort(names), else: names
    ["#{prefix} [#{Enum.join(names, ", ")}]"]
  end

  defp render({:report, sup, kind, report}, ids) do
    sup_id = Map.get(ids, sup, "?sup")
    offender = Keyword.get(report, :offender, [])
    child_id = offender_id(offender, ids)
    reason = Keyword.get(report, :reason)

    case {kind, reason} do
      {:shutdown, :reached_max_restart_intensity} ->
        ["reached_max_restart_intensity #{sup_id}"]

      {kind, reason} ->
        ["#{kind} #{sup_id} #{child_id} #{Reason.format(reason)}"]
    end
  end

  defp offender_id(offender, ids) do
    case {Keyword.get(offender, :id), Keyword.get(offender, :pid)} do
      # poolboy_sup (simple_one_for_one) names every worker by its module: the
      # worker's own id (`<pool>_<n>`) is printed instead.
      {Conformance.PoolWorker, pid} -> Map.get(ids, pid, "?child")
      {id, _} when is_atom(id) and id not in [nil, :undefined] -> Atom.to_string(id)
      {_, pid} when is_pid(pid) -> Map.get(ids, pid, "?child")
      _ -> "?child"
    end
  end

  ## Faults

  defp apply_fault(%{"action" => action} = f, collector, root, root_id) do
    target = f["target"]

    case action do
      # The script calls :telemetry itself; the target is a handler id.
      "telemetry_detach" ->
        send(collector, {:event, "telemetry_detach #{target} #{inspect(:telemetry.detach(target))}"})

      "telemetry_attach" ->
        send(collector, {:event, "telemetry_attach #{target} #{inspect(Conformance.Telemetry.attach(target))}"})

      # The script itself makes the call; the target is the key.
      "persistent_term_put" ->
        :persistent_term.put(String.to_atom(target), term(f["value"]))

      "persistent_term_erase" ->
        :persistent_term.erase(String.to_atom(target))

      "exit" ->
        pid = whereis(target, collector, root, root_id)
        reason = term(f["reason"])
        {:trap_exit, trapping?} = Process.info(pid, :trap_exit)
        Process.exit(pid, reason)
        # Wait for the signal to take effect when it is one that kills: the
        # next fault must not overtake it. (The root is the only process the
        # script is parent of, so a trapping target dies only if it is the root.)
        dies? = reason == :kill or (not trapping? and reason != :normal) or pid == root
        if dies?, do: await_death(pid)

      "crash" ->
        pid = whereis(target, collector, root, root_id)
        message = f["message"] || "boom"
        me = self()

        if Process.get({:conf_agent, target}) do
          # An Agent runs functions: the crash is one that raises inside it.
          Agent.cast(pid, fn _ ->
            send(me, {:crashing, self()})
            raise(message)
          end)
        else
          GenServer.cast(pid, {:crash, message, me})
        end

        # Wait until it is raising (not until it is dead: terminate/2 may run
        # on, and cases may overlap it with the next fault on purpose).
        receive do
          {:crashing, ^pid} -> Process.put({:conf_doomed, pid}, true)
        after
          5000 -> raise "crash fault on #{target}: no reaction"
        end

      "poison" ->
        pid = whereis(target, collector, root, root_id)
        send(pid, :poison)
        await_death(pid)

      # Not (yet) in docs/scenario-format.md: the process stops itself with
      # `reason`, as a GenServer callback returning {:stop, reason, state}.
      "stop" ->
        pid = whereis(target, collector, root, root_id)
        reason = term(f["reason"])

        # An Agent's function that exits: gen_server stops with that reason.
        if Process.get({:conf_agent, target}),
          do: Agent.cast(pid, fn _ -> exit(reason) end),
          else: GenServer.cast(pid, {:stop, reason})

      "send" ->
        send(whereis(target, collector, root, root_id), term(f["message"]))

      # GenServer.stop/3 and a call answered by stopping: a caller of their own waits (the
      # script goes on to the next fault) and reports what it got.
      "genserver_stop" ->
        pid = whereis(target, collector, root, root_id)
        reason = term(f["reason"] || ":normal")
        timeout = f["timeout_ms"] || :infinity
        wait_and_report(collector, target, "genserver_stop #{target}", fn ->
          GenServer.stop(pid, reason, timeout)
        end)

      "call_stop" ->
        pid = whereis(target, collector, root, root_id)
        request =
          if f["reply"],
            do: {:stop, term(f["reason"]), term(f["reply"])},
            else: {:stop, term(f["reason"])}

        wait_and_report(collector, target, "call_stop #{target}", fn ->
          GenServer.call(pid, request, f["timeout_ms"] || 5000)
        end)
      # The target makes the ETS call itself; `to` is resolved here, as the
      # caller's code would: the pid behind the id (even a dead one) or the name, else nil.
      # The target makes the call itself; `to` resolved as for give_away.
      op when op in ~w(spawn spawn_link link unlink monitor demonitor trap_exit exit_self process_exit) ->
        pid = whereis(target, collector, root, root_id)

        to = fn ->
          send(collector, {:whereis, f["to"], self()})
          receive do
            {:whereis, p} -> p || Process.whereis(name(f["to"]))
          end
        end

        request =
          case op do
            "spawn" -> {:spawn, f["spec"], false}
            "spawn_link" -> {:spawn, f["spec"], true}
            "trap_exit" -> {:trap_exit, f["value"] == "true"}
            "exit_self" -> {:exit_self, term(f["reason"])}
            "process_exit" -> {:process_exit, to.(), term(f["reason"])}
            other -> {String.to_atom(other), to.()}
          end

        GenServer.cast(pid, request)

      op when op in ["give_away", "set_heir"] ->
        pid = whereis(target, collector, root, root_id)
        send(collector, {:whereis, f["to"], self()})
        who = receive do
          {:whereis, p} -> p || Process.whereis(name(f["to"]))
        end
        GenServer.cast(pid, {String.to_atom(op), String.to_atom(f["table"]), who, term(f["value"])})

      # A registry is suspended by suspending its partitions: they are what handles
      # the {:EXIT, ...} of registered processes.
      "suspend" ->
        Enum.each(partitions(whereis(target, collector, root, root_id)), &:sys.suspend/1)

      "resume" ->
        Enum.each(partitions(whereis(target, collector, root, root_id)), &:sys.resume/1)

      "register" ->
        pid = whereis(target, collector, root, root_id)
        GenServer.cast(pid, {:register, name(f["registry"]), term(f["key"])})

      "unregister" ->
        pid = whereis(target, collector, root, root_id)
        GenServer.cast(pid, {:unregister, name(f["registry"]), term(f["key"])})

      # :pg.join/3 and leave/3 from here, for the target process.
      "join" ->
        pid = whereis(target, collector, root, root_id)
        :ok = :pg.join(name(f["scope"]), term(f["group"]), pid)

      "leave" ->
        pid = whereis(target, collector, root, root_id)
        :pg.leave(name(f["scope"]), term(f["group"]), pid)

      # :pg.get_members/2 and which_groups/1 from here, on the scope named `target`.
      "members" ->
        pids = :pg.get_members(name(target), term(f["group"]))
        dead = Enum.reject(pids, &Process.alive?/1)
        send(collector, {:pids_line, "members #{target} #{f["group"]}", pids, dead, false})

      "which_groups" ->
        groups = name(target) |> :pg.which_groups() |> Enum.map(&inspect/1) |> Enum.sort()
        send(collector, {:event, "which_groups #{target} [#{Enum.join(groups, ", ")}]"})

      # Registry.lookup/2 from here, on the registry named `target`.
      "lookup" ->
        pids = for {pid, _} <- Registry.lookup(name(target), term(f["key"])), do: pid
        dead = Enum.reject(pids, &Process.alive?/1)
        line = "lookup #{target} #{f["key"]}"
        send(collector, {:pids_line, line, pids, dead, registry_partitions(target) > 1})

      # `:sys` debugging: each request is a real `:sys` call (a system message
      # queued behind the target's mailbox); what it returned becomes a `sys` line.
      sys when sys in ~w(get_state replace_state trace_on trace_off statistics_on
                          statistics_off statistics_get no_debug) ->
        pid = whereis(target, collector, root, root_id)
        agent? = Process.get({:conf_agent, target}) == true

        {label, reply} =
          case sys do
            "get_state" ->
              {"get_state", :sys.get_state(pid)}

            "replace_state" ->
              new = term(f["state"])
              fun = if agent?, do: fn _ -> new end, else: fn s -> %{s | count: new} end
              {"replace_state", :sys.replace_state(pid, fun)}

            "trace_on" ->
              # Its `*DBG*` lines go to its group leader: a capture process that
              # turns each into a `dbg` line.
              Process.group_leader(pid, Conformance.DbgCapture.start(target, collector))
              {"trace true", :sys.trace(pid, true)}

            "trace_off" ->
              {"trace false", :sys.trace(pid, false)}

            "statistics_on" ->
              {"statistics true", :sys.statistics(pid, true)}

            "statistics_off" ->
              {"statistics false", :sys.statistics(pid, false)}

            "statistics_get" ->
              {"statistics get", :sys.statistics(pid, :get)}

            "no_debug" ->
              {"no_debug", :sys.no_debug(pid)}
          end

        reply = Conformance.DbgCapture.project(reply)
        send(collector, {:event, "sys #{target} #{label} #{Reason.format(reply)}"})

      "start_child" ->
        spec = f["spec"]

        # `count` calls, one after the other (the harness is one caller); a via
        # target with an integer key k uses keys k, k + 1, ...
        count = f["count"] || 1

        for i <- 0..(count - 1) do
          # As the simulator names them: with a count above 1, `<id>_<i>` from 1.
          spec = if count > 1, do: Map.put(spec, "id", "#{spec["id"]}_#{i + 1}"), else: spec

          {sup, label} =
            case via(target, i) do
              nil ->
                {whereis(target, collector, root, root_id), target}

              via ->
                # Routed by PartitionSupervisor itself; the line names the
                # partition it picked, by its id in which_children.
                {via, partition_id(via)}
            end

          static? = Process.get({:conf_type, target}) in ["supervisor", "partition_supervisor"] and via(target, i) == nil

          result =
            if static? do
              # A Supervisor's error carries its internal #child{} record: only its
              # first fields are printed (the rest names the harness's own modules).
              case Supervisor.start_child(sup, child_spec(spec, collector, false)) do
                {:error, {reason, record}} when is_tuple(record) and elem(record, 0) == :child ->
                  {:error, {reason, {:child, elem(record, 1), elem(record, 2)}}}

                other ->
                  other
              end
            else
              DynamicSupervisor.start_child(sup, child_spec(spec, collector, true))
            end

          text =
            case result do
              {:ok, pid} when is_pid(pid) -> "{:ok, _}"
              {:ok, pid, _} when is_pid(pid) -> "{:ok, _, _}"
              # A pid in an error (already_started) prints as `_`, as the simulator's does.
              other -> other |> Reason.format() |> String.replace("_pid", "_")
            end

          send(collector, {:event, "start_child #{label} #{text}"})
        end

      # The child API: what each call returned, as a line.
      api when api in ~w(restart_child delete_child) ->
        sup = whereis(target, collector, root, root_id)
        id = String.to_atom(f["id"])

        result =
          if api == "restart_child",
            do: Supervisor.restart_child(sup, id),
            else: Supervisor.delete_child(sup, id)

        text = result |> Reason.format() |> String.replace("_pid", "_")
        send(collector, {:event, "#{api} #{target} #{text}"})

      "which_children" ->
        sup = whereis(target, collector, root, root_id)
        children = Supervisor.which_children(sup)

        if Process.get({:conf_type, target}) in ["dynamic_supervisor", "task_supervisor"] do
          pids = for {_, pid, _, _} <- children, is_pid(pid), do: pid
          send(collector, {:pids_line, "which_children #{target}", pids, [], false})
        else
          entries =
            for {id, pid, _, _} <- children do
              if is_pid(pid), do: "#{id}", else: "#{id}=#{pid}"
            end

          send(collector, {:event, "which_children #{target} [#{Enum.join(entries, ", ")}]"})
        end

      "count_children" ->
        sup = whereis(target, collector, root, root_id)
        counts = Supervisor.count_children(sup)
        send(collector, {:event, "count_children #{target} #{inspect(counts)}"})

      "terminate_child" ->
        sup = whereis(target, collector, root, root_id)
        id = f["id"]
        pid = whereis(id, collector, root, root_id)

        case Process.get({:conf_type, target}) do
          t when t in ["dynamic_supervisor", "task_supervisor"] ->
            :ok = DynamicSupervisor.terminate_child(sup, pid)

          _ -> :ok = Supervisor.terminate_child(sup, String.to_atom(id))
        end
    end
  end

  # A registry's partition processes; any other process stands for itself.
  defp partitions(pid) do
    case Process.info(pid, :dictionary) do
      {:dictionary, dict} ->
        if match?({:supervisor, Registry.Supervisor, _}, Keyword.get(dict, :"$initial_call")),
          do: for({_, p, _, _} <- Supervisor.which_children(pid), do: p),
          else: [pid]
    end
  end

  def registry_partitions(name), do: :persistent_term.get({:conf_partitions, name}, 1)

  defp await_death(pid) do
    ref = Process.monitor(pid)

    receive do
      {:DOWN, ^ref, :process, ^pid, _} -> :ok
    after
      10_000 -> raise "fault: #{inspect(pid)} did not exit"
    end
  end

  defp remember_types(node) do
    Process.put({:conf_type, node["id"]}, node["type"])

    if get_in(node, ["behaviour", "kind"]) == "registry" do
      :persistent_term.put({:conf_partitions, node["name"]}, node["behaviour"]["partitions"] || 1)
    end

    if get_in(node, ["behaviour", "kind"]) == "agent" do
      Process.put({:conf_agent, node["id"]}, true)
      if node["name"], do: Process.put({:conf_agent, node["name"]}, true)
    end

    Enum.each(node["children"] || [], &remember_types/1)
  end

  defp whereis(target, _collector, root, root_id) when target == root_id, do: root

  defp whereis("{" <> _ = target, _collector, _root, _root_id) do
    case via(target, 0) do
      # {:via, PartitionSupervisor, {Name, key}}: the partition the key routes to now.
      {:via, PartitionSupervisor, _} = via -> GenServer.whereis(via)
      # {:via, Registry, {Reg, key}}: the process registered under the key now.
      nil -> GenServer.whereis(name(target))
    end
  end

  defp whereis(target, collector, _root, _root_id), do: lookup(target, collector, 300)

  # A `{:via, PartitionSupervisor, {Name, key}}` target as a term, its integer key
  # advanced by `i` (the i-th of `count` calls); nil for any other target (a
  # `{:via, Registry, ...}` name included).
  defp via("{" <> _ = target, i) do
    case term(target) do
      {:via, PartitionSupervisor, {name, key}} ->
        key = if is_integer(key), do: key + i, else: key
        {:via, PartitionSupervisor, {name, key}}

      _ ->
        nil
    end
  end

  defp via(_target, _i), do: nil

  defp partition_id({:via, PartitionSupervisor, {name, _key}} = via) do
    pid = GenServer.whereis(via)
    [id] = for {id, ^pid, _, _} <- PartitionSupervisor.which_children(name), do: id
    id
  end

  # The current incarnation of `target`. If the one the collector knows is
  # dead, a restart is still in flight (only on a loaded machine): wait for
  # the new one rather than aim the fault at a corpse. No case here means to
  # hit a dead target, so failing to find a live one is a harness error.
  defp wait_and_report(collector, target, prefix, fun) do
    spawn(fn ->
      line =
        try do
          "#{prefix} #{Conformance.Reason.format(fun.())}"
        catch
          :exit, reason -> "#{prefix} exit #{Conformance.Reason.format(reason)}"
        end

      send(collector, {:command_result, target, line})
    end)
  end

  defp lookup(target, collector, tries) do
    send(collector, {:whereis, target, self()})

    pid =
      receive do
        {:whereis, pid} when is_pid(pid) -> pid
        {:whereis, nil} -> Process.whereis(name(target))
      end

    # A process that has acknowledged a crash fault may still be alive (in
    # terminate/2, or just not scheduled yet) but is not the target any more.
    cond do
      is_pid(pid) and Process.alive?(pid) and not Process.get({:conf_doomed, pid}, false) ->
        pid

      tries > 0 ->
        Process.sleep(10)
        lookup(target, collector, tries - 1)

      true ->
        raise "fault target #{target} has no live process"
    end
  end

  ## Tree construction

  def start_sup(node, collector) do
    # Its workers name it to the collector from inside it as they start (see
    # Conformance.Server.start_link/1): a supervisor whose own start fails is never
    # announced, yet its reports must name it.
    Process.put(:conf_building, node["id"])
    children = Enum.map(node["children"] || [], &child_spec(&1, collector, false))

    opts =
      [
        strategy: String.to_atom(node["strategy"] || "one_for_one"),
        max_restarts: node["max_restarts"] || 3,
        max_seconds: node["max_seconds"] || 5
      ] ++ name_opt(node)

    case node["auto_shutdown"] do
      nil ->
        Supervisor.start_link(children, opts)

      auto ->
        # Elixir 1.14's Supervisor.init/2 drops :auto_shutdown: the flags map is
        # returned as it is, from a callback module of our own.
        flags = %{
          strategy: opts[:strategy],
          intensity: opts[:max_restarts],
          period: opts[:max_seconds],
          auto_shutdown: String.to_atom(auto)
        }

        Supervisor.start_link(Conformance.FlagsSup, {flags, children}, name_opt(node))
    end
  end

  def start_dsup(node, collector) do
    max_children =
      case node["max_children"] || "infinity" do
        "infinity" -> :infinity
        n -> n
      end

    opts =
      [
        strategy: :one_for_one,
        max_restarts: node["max_restarts"] || 3,
        max_seconds: node["max_seconds"] || 5,
        max_children: max_children
      ] ++ name_opt(node)

    # The initial children are start_child calls, in order, right after the
    # supervisor started. One that is refused ({:error, :max_children}) or fails
    # is skipped, and printed as a `start_child` line; a success shows as its
    # `started` line only (the simulator records just the errors too).
    with {:ok, pid} <- DynamicSupervisor.start_link(opts) do
      for child <- node["children"] || [] do
        case DynamicSupervisor.start_child(pid, child_spec(child, collector, true)) do
          {:ok, _} ->
            :ok

          error ->
            send(collector, {:event, "start_child #{node["id"]} #{Reason.format(error)}"})
        end
      end

      {:ok, pid}
    end
  end

  # Under a DynamicSupervisor (no progress reports at all, see README) the
  # start function itself tells the collector, from inside the supervisor,
  # right after the child's init returned: the moment supervisor.erl would
  # have logged its progress report.
  def announce(%{announce: true, collector: c, id: id, kind: kind}, {:ok, pid}) do
    send(c, {:started, self(), pid, id, kind})
  end

  def announce(_opts, _result), do: :ok

  def start_sup_child(node, collector, announce?) do
    result = start_sup(node, collector)

    announce(
      %{announce: announce?, collector: collector, id: node["id"], kind: :supervisor},
      result
    )

    result
  end

  # Task.Supervisor: a DynamicSupervisor whose children are tasks.
  def start_tsup(node) do
    max_children =
      case node["max_children"] || "infinity" do
        "infinity" -> :infinity
        n -> n
      end

    opts =
      [
        max_restarts: node["max_restarts"] || 3,
        max_seconds: node["max_seconds"] || 5,
        max_children: max_children
      ] ++ name_opt(node)

    Task.Supervisor.start_link(opts)
  end

  # PartitionSupervisor over DynamicSupervisors, with the scenario's options for
  # itself and for every partition (`child_spec: {DynamicSupervisor, opts}`).
  def start_psup(node) do
    child = node["child_spec"] || %{}

    max_children =
      case child["max_children"] || "infinity" do
        "infinity" -> :infinity
        n -> n
      end

    dsup_opts = [
      strategy: :one_for_one,
      max_restarts: child["max_restarts"] || 3,
      max_seconds: child["max_seconds"] || 5,
      max_children: max_children
    ]

    PartitionSupervisor.start_link(
      name: name(node["name"]),
      partitions: node["partitions"] || System.schedulers_online(),
      child_spec: {DynamicSupervisor, dsup_opts},
      strategy: String.to_atom(node["strategy"] || "one_for_one"),
      max_restarts: node["max_restarts"] || 3,
      max_seconds: node["max_seconds"] || 5
    )
  end

  def start_psup_child(node, collector, announce?) do
    result = start_psup(node)

    announce(
      %{announce: announce?, collector: collector, id: node["id"], kind: :supervisor},
      result
    )

    result
  end

  def start_tsup_child(node, collector, announce?) do
    result = start_tsup(node)

    announce(
      %{announce: announce?, collector: collector, id: node["id"], kind: :task_supervisor},
      result
    )

    result
  end

  def start_dsup_child(node, collector, announce?) do
    result = start_dsup(node, collector)

    announce(
      %{announce: announce?, collector: collector, id: node["id"], kind: :dynamic_supervisor},
      result
    )

    result
  end

  def child_spec(node, collector, under_dynamic?) do
    id = node["id"]

    case node["type"] do
      "worker" ->
        behaviour = behaviour(node["behaviour"] || %{"kind" => "server"})

        opts = %{
          id: id,
          name: if(node["name"], do: name(node["name"])),
          trap_exit: node["trap_exit"] || false,
          init_us: node["init_us"] || 0,
          terminate_us: node["terminate_us"] || 0,
          behaviour: behaviour,
          registers: node["registers"] || [],
          joins: node["joins"] || [],
          init_fails: node["init_fails"],
          parent_sup: if(under_dynamic?, do: nil, else: Process.get(:conf_building)),
          collector: collector,
          announce: under_dynamic?,
          kind: :worker
        }

        if behaviour.kind == "pg" do
          # OTP's own pg scope (a gen_server registered under the scope's name).
          spec_opts(node, %{
            id: String.to_atom(id),
            start: {:pg, :start_link, [opts.name]},
            type: :worker
          })
        else
        if behaviour.kind == "registry" do
          # Elixir's own Registry (a supervisor of its partitions).
          reg_opts = [keys: behaviour.keys, name: opts.name, partitions: behaviour.partitions]

          spec_opts(node, %{
            id: String.to_atom(id),
            start: {Registry, :start_link, [reg_opts]},
            type: :supervisor
          })
        else
        module =
          case behaviour.kind do
            "client" -> Conformance.Client
            "agent" -> Conformance.Agent
            "statem" -> Conformance.Statem
            _ -> Conformance.Server
          end

        spec_opts(node, %{
          id: String.to_atom(id),
          start: {module, :start_link, [opts]},
          type: :worker
        })
        end
        end

      "supervisor" ->
        spec_opts(node, %{
          id: String.to_atom(id),
          start: {__MODULE__, :start_sup_child, [node, collector, under_dynamic?]},
          type: :supervisor
        })

      "task_supervisor" ->
        spec_opts(node, %{
          id: String.to_atom(id),
          start: {__MODULE__, :start_tsup_child, [node, collector, under_dynamic?]},
          type: :supervisor
        })

      "dynamic_supervisor" ->
        spec_opts(node, %{
          id: String.to_atom(id),
          start: {__MODULE__, :start_dsup_child, [node, collector, under_dynamic?]},
          type: :supervisor
        })

      "partition_supervisor" ->
        spec_opts(node, %{
          id: String.to_atom(id),
          start: {__MODULE__, :start_psup_child, [node, collector, under_dynamic?]},
          type: :supervisor
        })

      # poolboy 1.5.2 (compiled from POOLBOY_SRC by Conformance.Pool.load/0): the
      # pool's own child spec, its workers Conformance.PoolWorker (servers).
      "pool" ->
        Conformance.Pool.load()
        :persistent_term.put({:conf_pool_n, id}, :counters.new(1, []))

        pool_args = [
          name: {:local, name(node["name"])},
          worker_module: Conformance.PoolWorker,
          size: node["size"] || 5,
          max_overflow: node["max_overflow"] || 10,
          strategy: String.to_atom(node["strategy"] || "lifo")
        ]

        worker_args = %{
          pool_id: id,
          collector: collector,
          service_us: node["service_us"] || 100,
          init_us: node["init_us"] || 0
        }

        {_id, start, restart, shutdown, type, mods} =
          :poolboy.child_spec(String.to_atom(id), pool_args, worker_args)

        spec_opts(node, %{id: String.to_atom(id), start: start, restart: restart,
          shutdown: shutdown, type: type, modules: mods})
    end
  end

  defp behaviour(%{"kind" => "client"} = b) do
    %{
      kind: "client",
      target: if(t = b["target"], do: name(t)),
      mode: b["mode"] || "call",
      interval_us: b["interval_us"] || 1000,
      timeout_ms: b["timeout_ms"] || 5000,
      catch_timeout: b["catch_timeout"] || false,
      request: term(b["request"] || ":ping"),
      # Mode `ets`: the table the target creates (read_us is below the
      # harness's timing resolution and ignored).
      table: :persistent_term.get(:conf_tables) |> Map.get(b["target"]),
      write_every: b["write_every"],
      # Modes `async` / `async_nolink`. A fail_rate strictly between 0 and 1
      # draws from :rand, which cannot replay the simulator's seeded draws:
      # the cases use 0 or 1.
      task_us: b["task_us"] || 1000,
      task_result: term(b["task_result"] || ":ok"),
      task_yield: b["task_yield"] || false,
      fail_rate: b["fail_rate"] || 0,
      max_requests: b["max_requests"],
      # Mode `agent_get_then_update`: the caller's work between its get and its update.
      work_us: b["work_us"] || 1000,
      # Modes `persistent_term_get` / `persistent_term_incr`: the key, an atom
      # (read_us is below the harness's timing resolution and ignored). Mode
      # `dispatch`: the key as a term, and the registry's name as the JSON writes it.
      key:
        if k = b["key"] do
          if b["mode"] in ["persistent_term_get", "persistent_term_incr", "counters_add"],
            do: String.to_atom(k),
            else: term(k)
        end,
      key_text: b["key"],
      target_text: b["target"],
      # The target is a gen_statem: calls and casts go through :gen_statem.
      statem: MapSet.member?(:persistent_term.get(:conf_statems), b["target"]),
      # Harness-only (not a JSON field): how long after a caught timeout the
      # client looks for the late reply.
      late_check_ms: 400
    }
  end

  defp behaviour(%{"kind" => "pg"}), do: %{kind: "pg"}

  defp behaviour(%{"kind" => "registry"} = b) do
    %{kind: "registry", keys: String.to_atom(b["keys"] || "unique"), partitions: b["partitions"] || 1}
  end

  defp behaviour(%{"kind" => "statem"} = b), do: Conformance.Statem.behaviour(b)

  defp behaviour(%{"kind" => "agent"} = b) do
    %{kind: "agent", initial: term(b["initial"] || "0"), service_us: b["service_us"] || 10}
  end

  defp behaviour(%{"kind" => kind} = b) do
    default = if kind == "counter", do: 10, else: 100
    table = if t = b["table"], do: name(t)
    %{kind: kind, service_us: b["service_us"] || default, table: table}
  end

  # Registered name -> the ETS table that process creates, from the tree and
  # the start_child specs: what an `ets` client's code would name. Global,
  # because nested supervisors build their children's specs in their own process.
  defp remember_tables(scenario) do
    specs =
      [scenario["tree"]] ++
        for f <- scenario["faults"] || [], f["spec"], do: f["spec"]

    tables =
      specs
      |> Enum.flat_map(&owners/1)
      |> Map.new()

    :persistent_term.put(:conf_tables, tables)
  end

  # Registered names of the statems, for clients that call or cast them.
  defp remember_statems(scenario) do
    specs = [scenario["tree"]] ++ for f <- scenario["faults"] || [], f["spec"], do: f["spec"]
    :persistent_term.put(:conf_statems, specs |> Enum.flat_map(&statem_names/1) |> MapSet.new())
  end

  defp statem_names(node) do
    own =
      case node do
        %{"name" => n, "behaviour" => %{"kind" => "statem"}} -> [n]
        _ -> []
      end

    own ++ Enum.flat_map(node["children"] || [], &statem_names/1)
  end

  defp owners(node) do
    own =
      case node do
        %{"name" => n, "behaviour" => %{"table" => t}} -> [{n, name(t)}]
        _ -> []
      end

    own ++ Enum.flat_map(node["children"] || [], &owners/1)
  end

  # `restart` and `shutdown` are only put in the child spec when the JSON
  # gives them, so an omitted field gets Elixir's own default (which the
  # golden files then check against the format's documented default).
  defp spec_opts(node, spec) do
    spec = if r = node["restart"], do: Map.put(spec, :restart, String.to_atom(r)), else: spec
    # A map child spec: Supervisor.child_spec/2 would reject :significant in 1.14.
    spec = if node["significant"], do: Map.put(spec, :significant, true), else: spec
    if sd = node["shutdown"], do: Map.put(spec, :shutdown, shutdown(sd)), else: spec
  end

  defp shutdown("brutal_kill"), do: :brutal_kill
  defp shutdown("infinity"), do: :infinity
  defp shutdown(ms) when is_integer(ms), do: ms

  defp name_opt(%{"name" => name}) when is_binary(name), do: [name: name(name)]
  defp name_opt(_), do: []

  # "{:via, Registry, {Reg, key}}" -> that tuple
  def name("{:via" <> _ = text), do: term(text)
  # "Cache" -> Cache (an alias), ":cache" or "cache" -> :cache
  def name(":" <> atom), do: String.to_atom(atom)

  def name(<<c, _::binary>> = text) when c in ?A..?Z, do: Module.concat([text])
  def name(text), do: String.to_atom(text)

  def term(text) do
    {value, _} = Code.eval_string(text)
    value
  end

  @doc "The body of a client's task: announce, work task_us, then return :ok or raise."
  def run_task(opts, linked_to) do
    send(opts.collector, {:learn_task, self(), "#{opts.id}_task", linked_to})
    b = opts.behaviour
    sleep_us(b.task_us)

    fail? =
      cond do
        b.fail_rate <= 0 -> false
        b.fail_rate >= 1 -> true
        true -> :rand.uniform() < b.fail_rate
      end

    if fail?, do: raise("task failed"), else: b.task_result
  end

  @doc """
  A worker's `init_fails`: counts this start of the child (per id, over the run) and,
  if this start is one that fails, returns what init/1 does instead of {:ok, state}:
  `:ignore`, `{:stop, reason}`, or a raise (RuntimeError "init failed").
  """
  def init_failure(%{init_fails: nil}), do: nil

  def init_failure(%{init_fails: f, id: id}) do
    key = {:conf_starts, id}
    n = :persistent_term.get(key, 0) + 1
    :persistent_term.put(key, n)
    from = f["from_start"] || 1

    if n >= from and (f["starts"] == nil or n - from < f["starts"]) do
      case f["with"] do
        "ignore" -> fn -> :ignore end
        "stop" -> fn -> {:stop, term(f["reason"] || ":init_failed")} end
        "raise" -> fn -> raise "init failed" end
      end
    end
  end

  def init_failure(_opts), do: nil

  def sleep_us(us) when is_integer(us) and us >= 1000, do: Process.sleep(div(us, 1000))
  def sleep_us(_), do: :ok

  defp sleep_until(deadline) do
    now = System.monotonic_time(:millisecond)
    if deadline > now, do: Process.sleep(deadline - now)
  end
end

defmodule Conformance.FlagsSup do
  @moduledoc false
  # A supervisor whose init/1 returns its flags map as given (auto_shutdown included).
  use Supervisor
  @impl true
  def init({flags, children}), do: {:ok, {flags, children}}
end

defmodule Conformance.Pool do
  @moduledoc false
  # poolboy is a hex package, and hex is not reachable here: the cases run the
  # real poolboy 1.5.2 (the hex release) compiled from its sources, taken from
  # the repository at tag 1.5.2 (github.com/devinus/poolboy, src/*.erl) into the
  # directory POOLBOY_SRC (default /tmp/poolboy152). Only regenerating needs it.

  def load do
    if not Code.ensure_loaded?(:poolboy) do
      dir = System.get_env("POOLBOY_SRC", "/tmp/poolboy152")

      for f <- ~w(poolboy_worker poolboy_sup poolboy) do
        {:ok, mod, bin} = :compile.file(String.to_charlist(Path.join(dir, f <> ".erl")), [:binary])
        {:module, _} = :code.load_binary(mod, String.to_charlist(f <> ".erl"), bin)
      end
    end

    :ok
  end

  # `pool <id> <:poolboy.status/1> [free workers, head first]` for each live pool.
  def lines(node, ids) do
    own =
      if node["type"] == "pool" do
        name = Conformance.name(node["name"])

        case Process.whereis(name) do
          nil ->
            []

          _ ->
            status = :poolboy.status(name)
            free = GenServer.call(name, :get_avail_workers)
            free_ids = Enum.map(free, &Map.get(ids, &1, "?"))
            ["pool #{node["id"]} #{inspect(status)} [#{Enum.join(free_ids, ", ")}]"]
        end
      else
        []
      end

    own ++ Enum.flat_map(node["children"] || [], &lines(&1, ids))
  end
end

defmodule Conformance.PoolWorker do
  @moduledoc false
  # A pool's worker: a Conformance.Server named `<pool id>_<n>` in start order,
  # announced from inside poolboy_sup (simple_one_for_one: no progress reports)
  # right after its init, as a DynamicSupervisor's children are.
  def start_link(args) do
    n = :counters.get(c = :persistent_term.get({:conf_pool_n, args.pool_id}), 1) + 1
    :counters.put(c, 1, n)
    id = "#{args.pool_id}_#{n}"
    send(args.collector, {:alias, self(), args.pool_id})

    opts = %{
      id: id,
      name: nil,
      trap_exit: false,
      init_us: args.init_us,
      terminate_us: 0,
      behaviour: %{kind: "server", service_us: args.service_us, table: nil},
      registers: [],
      joins: [],
      collector: args.collector,
      announce: true,
      kind: :worker
    }

    Conformance.Server.start_link(opts)
  end
end

defmodule Conformance.Telemetry do
  @moduledoc false
  # :telemetry is a hex package, and hex is not reachable here: the cases run the real
  # telemetry 1.2.1 (the hex release) compiled from its sources, taken from the
  # repository at tag v1.2.1 (github.com/beam-telemetry/telemetry, src/*.erl and
  # src/telemetry.hrl) into the directory TELEMETRY_SRC (default /tmp/telemetry121).
  # Only regenerating needs it. Its supervisor (telemetry_sup, which starts the handler
  # table's process) is started by hand, as the application would.

  def load do
    if not Code.ensure_loaded?(:telemetry) do
      dir = System.get_env("TELEMETRY_SRC", "/tmp/telemetry121")

      for f <- ~w(telemetry_handler_table telemetry_sup telemetry_app telemetry) do
        path = String.to_charlist(Path.join(dir, f <> ".erl"))
        {:ok, mod, bin} = :compile.file(path, [:binary, {:i, String.to_charlist(dir)}])
        {:module, _} = :code.load_binary(mod, String.to_charlist(f <> ".erl"), bin)
      end
    end

    :ok
  end

  def setup(nil, _collector), do: :ok

  def setup(t, collector) do
    load()
    {:ok, sup} = :telemetry_sup.start_link()
    Process.unlink(sup)
    :ets.new(:conf_metrics, [:named_table, :public])
    handlers = t["handlers"] || []
    :persistent_term.put(:conf_tel_handlers, {handlers, collector})

    for e <- t["emitters"] || [],
        do: :persistent_term.put({:conf_emits, e["worker"]}, event(e["event"]))

    for h <- handlers do
      :persistent_term.put({:conf_tel_calls, h["id"]}, :counters.new(1, []))
      :ets.insert(:conf_metrics, {h["id"], 0, 0, nil, nil, nil})
      :ok = attach(h["id"])
    end

    :ok
  end

  # `app.repo.query` -> [:app, :repo, :query]
  def event(dotted), do: dotted |> String.split(".") |> Enum.map(&String.to_atom/1)

  # :telemetry.attach_many/4 with the declared handler's events and a fully qualified
  # capture; the config carries the declaration.
  def attach(id) do
    {handlers, collector} = :persistent_term.get(:conf_tel_handlers)
    h = Enum.find(handlers, &(&1["id"] == id))
    events = Enum.map(h["events"], &event/1)
    :telemetry.attach_many(id, events, &__MODULE__.handle_event/4, Map.put(h, "collector", collector))
  end

  def emit(id, service_us) do
    case :persistent_term.get({:conf_emits, to_string(id)}, nil) do
      nil ->
        :ok

      event ->
        {:message_queue_len, q} = Process.info(self(), :message_queue_len)
        :telemetry.execute(event, %{duration: service_us, queue_len: q}, %{})
    end
  end

  # The handler: reports its call (on the failure event, which handler failed and which
  # are still attached), takes its cost_us, raises on its raise_on_call-th call, and
  # otherwise feeds its metric.
  def handle_event(event, measurements, metadata, h) do
    c = :persistent_term.get({:conf_tel_calls, h["id"]})
    :counters.add(c, 1, 1)
    n = :counters.get(c, 1)
    emitter = Process.get(:conf_id, "?")

    line =
      if event == [:telemetry, :handler, :failure] do
        attached = :telemetry.list_handlers([]) |> Enum.map(& &1.id) |> Enum.sort() |> Enum.join(", ")
        "telemetry #{emitter} #{h["id"]} #{inspect(event)} failed=#{metadata.handler_id} attached=[#{attached}]"
      else
        "telemetry #{emitter} #{h["id"]} #{inspect(event)}"
      end

    send(h["collector"], {:event, line})
    Conformance.sleep_us(h["cost_us"] || 0)
    if h["raise_on_call"] && n >= h["raise_on_call"], do: raise("boom")
    if m = h["metric"], do: record(h["id"], m, measurements)
    :ok
  end

  defp record(id, m, measurements) do
    key = String.to_atom(m["measurement"] || "duration")
    v = Map.get(measurements, key)

    if v != nil or m["kind"] == "counter" do
      [{^id, count, sum, last, min, max}] = :ets.lookup(:conf_metrics, id)

      row =
        if v == nil,
          do: {id, count + 1, sum, last, min, max},
          else: {id, count + 1, sum + v, v, Enum.min([min || v, v]), Enum.max([max || v, v])}

      :ets.insert(:conf_metrics, row)
    end
  end

  # `telemetry_handlers [ids]` (list_handlers([]), sorted) and `metric <name> <value>`.
  def lines(nil), do: []

  def lines(t) do
    ids = :telemetry.list_handlers([]) |> Enum.map(& &1.id) |> Enum.sort() |> Enum.join(", ")

    metrics =
      for h <- t["handlers"] || [], m = h["metric"] do
        [{_, count, sum, last, min, max}] = :ets.lookup(:conf_metrics, h["id"])

        value =
          case m["kind"] do
            "counter" -> to_string(count)
            "sum" -> to_string(sum)
            "last_value" -> inspect(last)
            "summary" when min == nil -> "%{count: 0}"
            "summary" -> inspect(%{count: count, sum: sum, min: min, max: max})
          end

        "metric #{m["name"]} #{value}"
      end

    ["telemetry_handlers [#{ids}]" | metrics]
  end
end
