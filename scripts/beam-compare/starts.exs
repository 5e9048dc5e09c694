# 100,000 children started one by one under one DynamicSupervisor.
defmodule W do
  use GenServer
  def start_link(n), do: GenServer.start_link(__MODULE__, n)
  def init(n), do: {:ok, n}
end

{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
for i <- 1..100_000, do: {:ok, _} = DynamicSupervisor.start_child(sup, {W, i})
%{active: 100_000} = DynamicSupervisor.count_children(sup)
