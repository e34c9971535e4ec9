"""The one exception the importers raise, and every message it carries.

Each message is a Chinese sentence shown to the user as is; tests assert them verbatim.
"""

ACCEPTED_TYPES = ".txt、.docx 或 .pdf"

EMPTY_FILE = "文件为空，请选择包含讲话内容的文件"
FILE_TOO_LARGE = "文件超过 {limit_mb} MB 的大小上限，请拆分或压缩后重新上传"
MISSING_EXTENSION = f"文件名没有扩展名，无法判断文件类型，请上传 {ACCEPTED_TYPES} 格式的讲话稿"
UNSUPPORTED_FILE_TYPE = f"不支持该文件类型，请上传 {ACCEPTED_TYPES} 格式的讲话稿"
LEGACY_WORD_FILE = (
    f"不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后上传，或上传 {ACCEPTED_TYPES} 文件"
)
BINARY_FILE = (
    f"文件内容不是文字（可能是图片、压缩包或其他二进制文件），请上传 {ACCEPTED_TYPES} 格式的讲话稿"
)
UNDECODABLE_TEXT = (
    "无法识别文件的文字编码，内容可能是乱码，请将文件另存为 UTF-8 或 GB18030 编码的文本后重新上传"
)
JAPANESE_OR_KOREAN = (
    "文件是日文或韩文编码（Shift-JIS、EUC-JP 或 EUC-KR）的文字，不是中文讲话稿；"
    "如确为中文讲话稿，请另存为 UTF-8 编码的文本后重新上传"
)
CORRUPT_DOCX = "Word 文件已损坏或不是有效的 .docx 文件，请在 Word 中打开并另存为 .docx 后重新上传"
DOCX_BOMB = "Word 文件解压后的体积异常（可能是恶意构造的压缩包），已拒绝处理"
ENCRYPTED_PDF = "PDF 文件已加密，需要密码才能打开，请去除密码保护后重新上传"
IMAGE_ONLY_PDF = (
    "PDF 中没有可提取的文字（可能是扫描件或图片），请上传带文字层的 PDF，或改用 Word、文本文件"
)
CORRUPT_PDF = "PDF 文件已损坏或格式无效，无法读取，请重新导出后上传"
PDF_BOMB = "PDF 文件解压后的体积异常（可能是恶意构造的文件），已拒绝处理"
NO_SPEECH_TEXT = "去除广告、水印等内容后，文件中没有剩下讲话正文，请检查是否选错了文件"
PASTED_EMPTY = "粘贴的内容为空，请粘贴讲话稿正文"
PASTED_TOO_LONG = "粘贴的内容超过 {limit} 个字符的上限，请分段粘贴或改为上传文件"


class ImportRejected(Exception):
    """Bad input: ``message`` is a Chinese sentence for the user (``str(exc) == message``)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
