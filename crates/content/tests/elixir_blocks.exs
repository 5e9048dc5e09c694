# Runs the lessons' Elixir blocks; written for crates/content/tests/elixir_blocks.rs, which
# cuts the blocks into steps (otp_content::load::elixir_blocks) and passes them in a manifest:
#   lesson <file>                             a new lesson: a fresh process, binding and env
#   step <line> <code_line> <code> <expected> code and expected result hex-encoded; "-" = none
# Each lesson is one iex-like session: its steps run in order in one process, sharing
# variables, aliases and requires. A claim is compared the way ExUnit.DocTest does: the
# expected text is evaluated and compared with ===; `#Name<...>` is compared with inspect/1;
# `** (Module) message` expects that exception. Prints every failure as
# `file:line: ...` and exits with status 1 if there was any.

[manifest] = System.argv()
Code.put_compiler_option(:ignore_module_conflict, true)

unhex = fn
  "-" -> nil
  h -> Base.decode16!(h, case: :lower)
end

lessons =
  manifest
  |> File.read!()
  |> String.split("\n", trim: true)
  |> Enum.reduce([], fn line, acc ->
    case String.split(line, " ") do
      ["lesson", file] ->
        [{file, []} | acc]

      ["step", l, cl, code, exp] ->
        [{file, steps} | rest] = acc
        step = {String.to_integer(l), String.to_integer(cl), unhex.(code), unhex.(exp)}
        [{file, [step | steps]} | rest]
    end
  end)
  |> Enum.map(fn {file, steps} -> {file, Enum.reverse(steps)} end)
  |> Enum.reverse()

defmodule Blocks do
  def eval(code, file, line, binding, env) do
    ast = Code.string_to_quoted!(code, file: file, line: line)
    Code.eval_quoted_with_env(ast, binding, env)
  end

  def show(value), do: inspect(value, pretty: true, width: 98) |> indent()
  def indent(text), do: String.replace(text, "\n", "\n         ")

  def raised(kind, reason, stack) do
    Exception.format(kind, reason, Enum.take(stack, 3)) |> String.trim_trailing() |> indent()
  end

  # :ok or {:fail, message}; the new binding and env when the step ran.
  def step({line, code_line, code, expected}, file, binding, env) do
    result =
      try do
        {:ok, eval(code, file, code_line, binding, env)}
      catch
        kind, reason ->
          {:raised, kind, Exception.normalize(kind, reason, __STACKTRACE__), __STACKTRACE__}
      end

    case {result, expected} do
      {{:ok, {_value, b, e}}, nil} ->
        {:ok, b, e}

      {{:raised, kind, reason, stack}, nil} ->
        {{:fail, "raised\n    got: " <> raised(kind, reason, stack)}, binding, env}

      {{:raised, :error, exception, stack}, "** (" <> _} ->
        want = String.replace(expected, ~r/\s*\n\s*/, " ")
        got = "** (#{inspect(exception.__struct__)}) #{Exception.message(exception)}"
        got1 = String.replace(got, ~r/\s*\n\s*/, " ")

        if got1 == want,
          do: {:ok, binding, env},
          else: {{:fail, "expected: #{expected}\n    got: " <> raised(:error, exception, stack)}, binding, env}

      {{:raised, kind, reason, stack}, _} ->
        {{:fail, "expected: #{expected}\n    got: " <> raised(kind, reason, stack)}, binding, env}

      {{:ok, {value, b, e}}, "** (" <> _} ->
        {{:fail, "expected: #{expected}\n    got (no exception): " <> show(value)}, b, e}

      {{:ok, {value, b, e}}, _} ->
        {compare(value, expected, file, line, b, e), b, e}
    end
  end

  defp compare(value, expected, file, line, b, e) do
    if expected =~ ~r/\A#[A-Z][\w.]*</ do
      if inspect(value) == expected,
        do: :ok,
        else: {:fail, "expected: #{expected}\n    got: " <> show(value)}
    else
      try do
        {want, _, _} = eval(expected, file, line, b, e)
        if value === want, do: :ok, else: {:fail, "expected: #{expected}\n    got: " <> show(value)}
      catch
        kind, reason ->
          {:fail, "the expected result does not evaluate: " <> raised(kind, reason, __STACKTRACE__)}
      end
    end
  end

  # Runs one lesson's steps in a fresh process; returns {steps run, claims, failures}.
  def lesson(file, steps) do
    parent = self()

    {pid, ref} =
      spawn_monitor(fn ->
        env = Code.env_for_eval(file: file, line: 1)

        Enum.reduce(steps, {[], env}, fn {line, _, _, _} = s, {binding, env} ->
          send(parent, {:at, line})
          {res, b, e} = step(s, file, binding, env)
          send(parent, {:result, line, res})
          {b, e}
        end)

        # Take down what the session started and linked, quietly, as closing a shell would.
        send(parent, :lesson_done)
        exit(:shutdown)
      end)

    collect(file, pid, ref, nil, [])
  end

  defp collect(file, pid, ref, at, fails) do
    receive do
      {:at, line} ->
        collect(file, pid, ref, line, fails)

      {:result, _line, :ok} ->
        collect(file, pid, ref, nil, fails)

      {:result, line, {:fail, msg}} ->
        collect(file, pid, ref, nil, ["#{file}:#{line}: #{msg}" | fails])

      :lesson_done ->
        receive do
          {:DOWN, ^ref, :process, ^pid, _} -> Enum.reverse(fails)
        end

      {:DOWN, ^ref, :process, ^pid, reason} ->
        Enum.reverse(["#{file}:#{at}: the session process died\n    got: #{show(reason)}" | fails])
    after
      10_000 ->
        Process.exit(pid, :kill)
        Enum.reverse(["#{file}:#{at}: still running after 10 s" | fails])
    end
  end
end

started = System.monotonic_time(:millisecond)
fails = Enum.flat_map(lessons, fn {file, steps} -> Blocks.lesson(file, steps) end)
steps = lessons |> Enum.map(fn {_, s} -> length(s) end) |> Enum.sum()
claims = lessons |> Enum.flat_map(fn {_, s} -> s end) |> Enum.count(&elem(&1, 3))
ms = System.monotonic_time(:millisecond) - started

Enum.each(fails, &IO.puts("FAIL #{&1}\n"))

IO.puts(
  "elixir blocks: #{length(lessons)} lessons, #{steps} steps (#{claims} claimed results), " <>
    "#{length(fails)} failed, #{ms} ms in Elixir #{System.version()} / OTP #{System.otp_release()}"
)

if fails != [], do: System.halt(1)
