package dev.baton.fleet;

import dev.baton.engine.CheckpointLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Follows an engine's checkpoint anchor file (signed checkpoints appended, {@link CheckpointLog#ENTRY_LENGTH}
 * bytes each) for the journal shipper: hands over each whole entry once the SEAL it attests has been
 * handed to the topic, in the file's order. Entries sent in an open transaction count as pending until
 * {@link #committed()}; {@link #resumeAfter} places it after the last entry the topic holds.
 * <p>
 * <b>Note:</b> not thread-safe (the shipper's thread). Allocates each entry it hands over.
 */
final class AnchorTail {
    private final Path file;
    private long committed;
    private long pending;

    AnchorTail(final Path file) {
        this.file = file;
    }

    /**
     * @param last the last checkpoint entry the topic holds for this engine, or null if none.
     * @return why shipping cannot continue this anchor (the topic holds an entry it does not have), or null.
     */
    String resumeAfter(final byte[] last) {
        pending = 0;
        committed = 0;
        if (last == null) {
            return null;
        }
        final byte[] all = readFrom(0);
        for (int at = 0; at + CheckpointLog.ENTRY_LENGTH <= all.length; at += CheckpointLog.ENTRY_LENGTH) {
            if (Arrays.equals(all, at, at + CheckpointLog.ENTRY_LENGTH, last, 0, last.length)) {
                committed = at / CheckpointLog.ENTRY_LENGTH + 1;
                return null;
            }
        }
        return "the journal topic holds a checkpoint of this engine that its anchor " + file + " does not have:"
            + " another anchor was shipped under this engine id, or the anchor lost entries";
    }

    /**
     * Hands over the entries after those committed and pending whose SEAL sequence is at most {@code upTo}.
     *
     * @return entries handed over.
     */
    int poll(final long upTo, final Consumer<byte[]> sink) {
        final byte[] more = readFrom((committed + pending) * CheckpointLog.ENTRY_LENGTH);
        final ByteBuffer in = ByteBuffer.wrap(more).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        for (int at = 0; at + CheckpointLog.ENTRY_LENGTH <= more.length; at += CheckpointLog.ENTRY_LENGTH) {
            if (in.getLong(at) > upTo) {
                break;
            }
            sink.accept(Arrays.copyOfRange(more, at, at + CheckpointLog.ENTRY_LENGTH));
            pending++;
            n++;
        }
        return n;
    }

    /** The open transaction committed: its entries are shipped. */
    void committed() {
        committed += pending;
        pending = 0;
    }

    private byte[] readFrom(final long offset) {
        if (!Files.exists(file)) {
            return new byte[0];
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size <= offset) {
                return new byte[0];
            }
            final ByteBuffer buffer = ByteBuffer.allocate((int)Math.min(size - offset, 1 << 20));
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                continue;
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint anchor " + file, e);
        }
    }
}
