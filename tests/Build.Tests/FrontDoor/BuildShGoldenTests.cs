using Build.Tests.Support;

namespace Build.Tests.FrontDoor;

/// <summary>
/// Golden cases 1-13, build.sh's worked invocations (docs/decisions.md §1.9): container/build.sh with those arguments must plan
/// docker builds equivalent (docs/decisions.md §1) to the worked cases' lines, adjusted where §2 differs: the base image is
/// per framework (§2.8), local-dev builds get --platform (§2.11), and --tag is honoured with --dev-image (§2.6).
/// </summary>
public sealed class BuildShGoldenTests
{
    public static TheoryData<int, string[], string[]> Cases => new()
    {
        {
            1,
            ["--dry-run"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo-base:v0.4.1.dev.abc1234-vllm /repo""",
                """docker build -f /repo/container/Dockerfile.vllm --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-vllm --tag dynamo:v0.4.1.dev.abc1234-vllm --tag dynamo:latest-vllm /repo""",
            ]
        },
        {
            2,
            ["--dry-run", "--target", "runtime"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo-base:v0.4.1.dev.abc1234-vllm /repo""",
                """docker build -f /repo/container/Dockerfile.vllm --target runtime --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-vllm --tag dynamo:v0.4.1.dev.abc1234-vllm-runtime --tag dynamo:latest-vllm-runtime /repo""",
            ]
        },
        {
            3,
            ["--dry-run", "--framework", "none"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=NONE --build-arg NONE_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo:v0.4.1.dev.abc1234-none --tag dynamo:latest-none /repo""",
            ]
        },
        {
            4,
            ["--dry-run", "--framework", "sglang", "--target", "runtime", "--no-cache"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=SGLANG --build-arg SGLANG_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo-base:v0.4.1.dev.abc1234-sglang /repo --no-cache""",
                """docker build -f /repo/container/Dockerfile.sglang --target runtime --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=SGLANG --build-arg SGLANG_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-sglang --tag dynamo:v0.4.1.dev.abc1234-sglang-runtime --tag dynamo:latest-sglang-runtime /repo --no-cache""",
            ]
        },
        {
            5,
            ["--dry-run", "--framework", "trtllm"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/pytorch --build-arg BASE_IMAGE_TAG=25.06-py3 --build-arg FRAMEWORK=TRTLLM --build-arg TRTLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg GITHUB_TRTLLM_COMMIT= --build-arg TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL=0 --build-arg HAS_TRTLLM_CONTEXT=0 --build-arg TENSORRTLLM_PIP_WHEEL=tensorrt-llm==1.1.0rc5 --build-arg TENSORRTLLM_INDEX_URL=https://pypi.python.org/simple --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo-base:v0.4.1.dev.abc1234-trtllm --build-context trtllm_wheel=/tmp/dummy_dir /repo""",
                """docker build -f /repo/container/Dockerfile.trtllm --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/pytorch --build-arg BASE_IMAGE_TAG=25.06-py3 --build-arg FRAMEWORK=TRTLLM --build-arg TRTLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg GITHUB_TRTLLM_COMMIT= --build-arg TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL=0 --build-arg HAS_TRTLLM_CONTEXT=0 --build-arg TENSORRTLLM_PIP_WHEEL=tensorrt-llm==1.1.0rc5 --build-arg TENSORRTLLM_INDEX_URL=https://pypi.python.org/simple --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-trtllm --tag dynamo:v0.4.1.dev.abc1234-trtllm --tag dynamo:latest-trtllm --build-context trtllm_wheel=/tmp/dummy_dir /repo""",
            ]
        },
        {
            6,
            ["--dry-run", "--framework", "trtllm", "--tensorrtllm-pip-wheel", "tensorrt-llm==1.0.0", "--tensorrtllm-index-url", "https://my.index/simple"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/pytorch --build-arg BASE_IMAGE_TAG=25.06-py3 --build-arg FRAMEWORK=TRTLLM --build-arg TRTLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg GITHUB_TRTLLM_COMMIT= --build-arg TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL=0 --build-arg HAS_TRTLLM_CONTEXT=0 --build-arg TENSORRTLLM_PIP_WHEEL=tensorrt-llm==1.0.0 --build-arg TENSORRTLLM_INDEX_URL=https://my.index/simple --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo-base:v0.4.1.dev.abc1234-trtllm --build-context trtllm_wheel=/tmp/dummy_dir /repo""",
                """docker build -f /repo/container/Dockerfile.trtllm --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/pytorch --build-arg BASE_IMAGE_TAG=25.06-py3 --build-arg FRAMEWORK=TRTLLM --build-arg TRTLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg GITHUB_TRTLLM_COMMIT= --build-arg TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL=0 --build-arg HAS_TRTLLM_CONTEXT=0 --build-arg TENSORRTLLM_PIP_WHEEL=tensorrt-llm==1.0.0 --build-arg TENSORRTLLM_INDEX_URL=https://my.index/simple --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-trtllm --tag dynamo:v0.4.1.dev.abc1234-trtllm --tag dynamo:latest-trtllm --build-context trtllm_wheel=/tmp/dummy_dir /repo""",
            ]
        },
        {
            7,
            ["--dry-run", "--framework", "trtllm", "--tensorrtllm-commit", "deadbeef", "--tensorrtllm-pip-wheel-dir", "/wheels"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/pytorch --build-arg BASE_IMAGE_TAG=25.06-py3 --build-arg FRAMEWORK=TRTLLM --build-arg TRTLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg GITHUB_TRTLLM_COMMIT=deadbeef --build-arg TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL=0 --build-arg HAS_TRTLLM_CONTEXT=1 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo-base:v0.4.1.dev.abc1234-trtllm --build-context trtllm_wheel=/wheels /repo""",
                """docker build -f /repo/container/Dockerfile.trtllm --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/pytorch --build-arg BASE_IMAGE_TAG=25.06-py3 --build-arg FRAMEWORK=TRTLLM --build-arg TRTLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg GITHUB_TRTLLM_COMMIT=deadbeef --build-arg TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL=0 --build-arg HAS_TRTLLM_CONTEXT=1 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-trtllm --tag dynamo:v0.4.1.dev.abc1234-trtllm --tag dynamo:latest-trtllm --build-context trtllm_wheel=/wheels /repo""",
            ]
        },
        {
            8,
            ["--dry-run", "--target", "local-dev", "--uid", "2000", "--gid", "3000"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo-base:v0.4.1.dev.abc1234-vllm /repo""",
                """docker build -f /repo/container/Dockerfile.vllm --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-vllm --tag dynamo:v0.4.1.dev.abc1234-vllm --tag dynamo:latest-vllm /repo""",
                """docker build --platform linux/amd64 --build-arg DEV_BASE=dynamo:v0.4.1.dev.abc1234-vllm --build-arg USER_UID=2000 --build-arg USER_GID=3000 --build-arg ARCH=amd64 --file /repo/container/Dockerfile.local_dev --tag dynamo:v0.4.1.dev.abc1234-vllm-local-dev --tag dynamo:latest-vllm-local-dev /repo/container""",
            ]
        },
        {
            9,
            ["--dry-run", "--dev-image", "dynamo:latest-vllm"],
            [
                """docker build --platform linux/amd64 --build-arg DEV_BASE=dynamo:latest-vllm --build-arg USER_UID=1000 --build-arg USER_GID=1000 --build-arg ARCH=amd64 --file /repo/container/Dockerfile.local_dev --tag dynamo:latest-vllm-local-dev /repo/container""",
            ]
        },
        {
            10,
            ["--dry-run", "--dev-image", "myrepo/dyn", "--tag", "ignored:1"],
            [
                """docker build --platform linux/amd64 --build-arg DEV_BASE=myrepo/dyn --build-arg USER_UID=1000 --build-arg USER_GID=1000 --build-arg ARCH=amd64 --file /repo/container/Dockerfile.local_dev --tag ignored:1 /repo/container""",
            ]
        },
        {
            11,
            ["--dry-run", "--platform", "linux/arm64", "--tag", "my/img:1", "--build-arg", "FOO=bar"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/arm64 --build-arg FOO=bar --build-arg ARCH=arm64 --build-arg ARCH_ALT=aarch64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --tag dynamo-base:v0.4.1.dev.abc1234-vllm /repo""",
                """docker build -f /repo/container/Dockerfile.vllm --target dev --platform linux/arm64 --build-arg FOO=bar --build-arg ARCH=arm64 --build-arg ARCH_ALT=aarch64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-vllm --tag my/img:1 --tag dynamo:latest-vllm /repo""",
            ]
        },
        {
            12,
            ["--dry-run", "--base-image", "nvcr.io/nvidia/cuda-dl-base", "--base-image-tag", "25.03-cuda12.8-devel-ubuntu24.04", "--cache-from", "type=registry,ref=reg/cache", "--cache-to", "type=registry,ref=reg/cache,mode=max", "--build-context", "extra=/data"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.03-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --cache-from type=registry,ref=reg/cache --cache-to type=registry,ref=reg/cache,mode=max --tag dynamo-base:v0.4.1.dev.abc1234-vllm --build-context extra=/data /repo""",
                """docker build -f /repo/container/Dockerfile.vllm --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.03-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-vllm --cache-from type=registry,ref=reg/cache --cache-to type=registry,ref=reg/cache,mode=max --tag dynamo:v0.4.1.dev.abc1234-vllm --tag dynamo:latest-vllm --build-context extra=/data /repo""",
            ]
        },
        {
            13,
            ["--dry-run", "--framework", "sglang", "--enable-kvbm", "--make-efa", "--release-build", "--use-sccache", "--sccache-bucket", "my-bucket", "--sccache-region", "us-west-2"],
            [
                """docker build -f /repo/container/Dockerfile --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=SGLANG --build-arg SGLANG_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg RELEASE_BUILD=true --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=9d2b88a1f67faf9876f267658bd077b379b8bb76 --build-arg USE_SCCACHE=true --build-arg SCCACHE_BUCKET=my-bucket --build-arg SCCACHE_REGION=us-west-2 --secret id=aws-key-id,env=AWS_ACCESS_KEY_ID --secret id=aws-secret-id,env=AWS_SECRET_ACCESS_KEY --tag dynamo-base:v0.4.1.dev.abc1234-sglang /repo""",
                """docker build -f /repo/container/Dockerfile.sglang --target dev --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=SGLANG --build-arg SGLANG_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg RELEASE_BUILD=true --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=9d2b88a1f67faf9876f267658bd077b379b8bb76 --build-arg USE_SCCACHE=true --build-arg SCCACHE_BUCKET=my-bucket --build-arg SCCACHE_REGION=us-west-2 --secret id=aws-key-id,env=AWS_ACCESS_KEY_ID --secret id=aws-secret-id,env=AWS_SECRET_ACCESS_KEY --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-sglang --tag dynamo:v0.4.1.dev.abc1234-sglang --tag dynamo:latest-sglang /repo""",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_docker_builds_equivalent_to_the_worked_case(int @case, string[] buildShArgs, string[] workedCaseLines)
    {
        using var wheels = @case == 7 ? TrtllmWheelDir.Create("amd64_deadbeef") : null;
        var args = buildShArgs.Select(a => a == "/wheels" ? wheels!.Path : a).ToArray();
        var context = TestHost.FrontDoor(args);

        var planned = context.Plan.Steps.Select(s => DockerInvocation.Parse(s.Command.ToArguments().Select(a => a.Value).ToList())).ToList();
        var expected = workedCaseLines.Select(l => DockerInvocation.ParseWorkedCase(wheels is null ? l : l.Replace("/wheels", wheels.Path))).ToList();
        Assert.Equal(expected.Count, planned.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            DockerInvocation.AssertEquivalent(expected[i], planned[i]);
        }
    }
}
