// The validators' stack buffers (stackalloc) are always written before they are read; zeroing them first
// cost measurable time on every string checked (bench/).
[module: System.Runtime.CompilerServices.SkipLocalsInit]
