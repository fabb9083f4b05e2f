using Build.Facts;
using System.Net;
using System.Net.Sockets;
using Build.Planning;
using Build.Tests.RunContainerSupport;

namespace Build.Tests.Facts;

/// <summary>The facts RunContainer reads from the machine: GPUs (docs/decisions.md §2.15) and platform ports in use.</summary>
public sealed class RunFactsTests
{
    [Fact]
    public void A_stub_nvidia_smi_listing_gpus_first_on_path_means_all()
    {
        using var machine = new FakeMachine(gpus: 2);
        var detection = GpuDetector.Detect(machine.Environment()["PATH"], () => throw new InvalidOperationException("the engine is not asked when nvidia-smi lists a GPU"));
        Assert.True(detection.Found);
        Assert.Equal("nvidia-smi lists 2 GPUs", detection.Evidence);
        Assert.True(machine.NvidiaSmiRan);
    }

    [Fact]
    public void The_engines_nvidia_runtime_means_all_when_nvidia_smi_finds_none()
    {
        using var machine = new FakeMachine(gpus: null);
        var detection = GpuDetector.Detect(machine.Environment()["PATH"], () => FakeMachine.WithNvidiaRuntime);
        Assert.True(detection.Found);
        Assert.Contains("'nvidia' runtime", detection.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeMachine.NoNvidiaRuntime)]
    [InlineData(null)]
    [InlineData("not json")]
    [InlineData("[]")]
    public void No_gpu_without_a_listing_or_an_nvidia_runtime(string? runtimes)
    {
        using var machine = new FakeMachine(gpus: 0);
        var detection = GpuDetector.Detect(machine.Environment()["PATH"], () => runtimes);
        Assert.False(detection.Found);
        Assert.Contains("no nvidia runtime", detection.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_nvidia_smi_on_path_the_evidence_says_so()
    {
        var detection = GpuDetector.Detect("/nonexistent-dir", () => null);
        Assert.False(detection.Found);
        Assert.StartsWith("nvidia-smi is not on PATH", detection.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_this_machine_listens_on_is_in_use_and_a_free_one_is_not()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            Assert.True(PortProbe.InUse(port));

            // Found from the kernel's table of listeners: nothing connected to the port (a dry run opens no connection).
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }

        Assert.False(PortProbe.InUse(port));
    }
}
