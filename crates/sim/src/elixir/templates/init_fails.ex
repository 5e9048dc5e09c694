defmodule Playground.InitFails do
  @moduledoc """
  The scenario's `init_fails`: on the starts it names, a child's `init/1` returns `:ignore` or
  `{:stop, reason}`, or raises, instead of `{:ok, state}`. Starts are counted per child id
  over the whole run (the first start, every restart and retry), in the public ETS table
  `:playground_starts`, which the script makes before the tree starts.
  """

  @doc "Counts this start of the child; `:ok`, or what its `init/1` does instead."
  def check(opts) do
    case opts[:init_fails] do
      nil -> :ok
      fails -> fail(fails, count(opts[:id]))
    end
  end

  defp count(id), do: :ets.update_counter(:playground_starts, id, 1, {id, 0})

  defp fail(fails, start) do
    from = Map.get(fails, :from_start, 1)

    cond do
      start < from or (fails[:starts] && start - from >= fails.starts) -> :ok
      fails.with == :ignore -> :ignore
      fails.with == :stop -> {:stop, Map.get(fails, :reason, :init_failed)}
      fails.with == :raise -> raise "init failed"
    end
  end
end
