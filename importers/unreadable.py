"""Why a file cannot be read or written, in Chinese: the operating system's own words (No such file or directory)
would reach an office worker."""
import errno

import yaml

_REASONS = {errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有读写权限", errno.EPERM: "没有读写权限",
            errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENOSPC: "磁盘已满",
            errno.EROFS: "文件系统只读"}


def reason(error: Exception) -> str:
    """What went wrong with a file, without naming it (the caller names it)."""
    if isinstance(error, yaml.YAMLError):
        mark = getattr(error, "problem_mark", None)
        return f"YAML 格式有误（第 {mark.line + 1} 行）" if mark else "YAML 格式有误"
    if isinstance(error, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本"
    if isinstance(error, OSError):
        return _REASONS.get(error.errno, f"无法读写（系统错误号 {error.errno}）")
    return str(error)
