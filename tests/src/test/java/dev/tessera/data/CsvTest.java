// Csv: header or not, delimiters, quoted fields, columns by name or index, a label column as class
// indices or as float targets, and errors that name the line, the column and the text.
package dev.tessera.data;

import dev.tessera.memory.Scope;
import dev.tessera.tensor.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvTest {
    private static final String IRIS = """
            sepal_length,sepal_width,petal_length,species
            5.1,3.5,1.4,0
            7.0, 3.2 ,4.7,1

            6.3,3.3,6.0,2
            """;

    private Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }

    @AfterEach void close() { scope.close(); }

    private static Csv.Table read(Csv format, String text) throws IOException {
        return format.read(new StringReader(text), "test.csv");
    }

    @Test
    void headerLabelAndEveryOtherColumnAsFeatures() throws IOException {
        Csv.Table t = read(Csv.format().label("species"), IRIS);
        assertEquals(3, t.rows(), "the blank line is skipped");
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length"), t.featureNames());
        assertArrayEquals(new long[] {3, 3}, t.features().shape());
        assertEquals(DType.F32, t.features().dtype());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 7.0f, 3.2f, 4.7f, 6.3f, 3.3f, 6.0f}, t.features().toFloatArray());
        assertEquals(DType.I64, t.labels().dtype());
        assertArrayEquals(new long[] {0, 1, 2}, t.labels().toLongArray());
    }

    @Test
    void columnsByNameOrIndexInTheGivenOrder() throws IOException {
        Csv.Table byName = read(Csv.format().columns("petal_length", "sepal_length"), IRIS);
        assertNull(byName.labels());
        assertArrayEquals(new float[] {1.4f, 5.1f, 4.7f, 7.0f, 6.0f, 6.3f}, byName.features().toFloatArray());
        Csv.Table byIndex = read(Csv.format().columns(2, 0).label(3), IRIS);
        assertArrayEquals(byName.features().toFloatArray(), byIndex.features().toFloatArray());
        assertEquals(List.of("petal_length", "sepal_length"), byIndex.featureNames());
    }

    @Test
    void noHeaderOtherDelimiterQuotesAndFloatTargets(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("wine.csv");
        Files.writeString(file, "\uFEFF1;\"2.5\";0.25\n\"3\";4;\"1.5\"\n"); // with a byte-order mark
        Csv.Table t = Csv.format().header(false).delimiter(';').label(2).labelDType(DType.F64).read(file);
        assertArrayEquals(new float[] {1, 2.5f, 3, 4}, t.features().toFloatArray());
        assertEquals(DType.F64, t.labels().dtype());
        assertArrayEquals(new double[] {0.25, 1.5}, t.labels().toDoubleArray());
        assertEquals(List.of("column 0", "column 1"), t.featureNames());
        // a quoted field may hold the delimiter and "" for a quote
        Csv.Table q = read(Csv.format().header(false).columns(1), "\"a,\"\"b\"\"\",7\n");
        assertArrayEquals(new float[] {7}, q.features().toFloatArray());
    }

    @Test
    void errorsNameTheLineColumnAndText() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> read(Csv.format().label("species"), IRIS.replace("3.3", "3.3x")));
        assertEquals("test.csv: line 5, column 2 ('sepal_width'): cannot parse '3.3x' as a number", bad.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> read(Csv.format(), "a,b\n1,\n"));
        assertTrue(empty.getMessage().contains("line 2, column 2 ('b'): empty value"), empty.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> read(Csv.format(), "a,b\n1,2\n3\n"));
        assertTrue(width.getMessage().contains("line 3 has 1 fields, the header has 2"), width.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> read(Csv.format().label("species"), IRIS.replace(",2\n", ",2.5\n")));
        assertTrue(label.getMessage().contains("line 5, column 4 ('species'): label '2.5' is not a whole number"), label.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> read(Csv.format().label("kind"), IRIS));
        assertTrue(missing.getMessage().contains("no column 'kind'"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read(Csv.format().header(false).label("species"), "1,2\n"), "names need a header");
        assertThrows(IllegalArgumentException.class, () -> read(Csv.format().columns(5), IRIS), "index out of range");
        assertThrows(IllegalArgumentException.class, () -> read(Csv.format().columns("species").label("species"), IRIS));
        assertThrows(IllegalArgumentException.class, () -> read(Csv.format(), ""), "empty file");
        assertThrows(IllegalArgumentException.class, () -> read(Csv.format().header(false), "\"1,2\n"), "unclosed quote");
        assertThrows(IllegalArgumentException.class, () -> Csv.format().labelDType(DType.BOOL));
    }
}
