// TensorFileException: the one exception type readers in dev.tessera.io throw for a malformed or
// unsupported file. It is an IllegalArgumentException whose message starts with the file's name
// and says what is wrong ("model.safetensors: header length 9999 is past the end of the file").
package dev.tessera.io;

public final class TensorFileException extends IllegalArgumentException {
    private final String file;
    private final String problem;

    public TensorFileException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public TensorFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file (or in-memory source) name the problem was found in. */
    public String file() { return file; }

    /** The problem, without the file name. */
    public String problem() { return problem; }
}
