defmodule Playground.Agent do
  @moduledoc """
  The `agent` behaviour: an `Agent` (a GenServer underneath) holding `initial`. The functions
  its clients send run in it, each taking `service_us` of work there.
  """
  use Agent

  @defaults %{initial: 0, service_us: 10, trap_exit: false, init_us: 0}

  def start_link(opts) do
    state = Enum.into(opts, @defaults)

    Agent.start_link(
      fn ->
        Process.put(:playground_id, state.id)
        Process.put(:playground_service_us, state.service_us)
        if state.trap_exit, do: Process.flag(:trap_exit, true)
        Playground.work(state.init_us){{init_fails}}
        state.initial
      end,
      Keyword.take(opts, [:name])
    )
  end

  @doc "`f` wrapped to run as an agent's function: it works the agent's `service_us` first."
  def fun(f) do
    fn n ->
      Playground.work(Process.get(:playground_service_us, 0))
      f.(n)
    end
  end
end
