// Copyright (c) Para.Security contributors. Licensed under the Apache License, Version 2.0.

namespace Para.Security.Configuration.Hocon;

/// <summary>The lists objects and arrays are built in, kept per thread between parses.</summary>
internal sealed partial class SyntaxParser
{
    /// <summary>
    /// The parser's growable working storage. A small document costs noticeably less when it finds these
    /// already allocated and grown; storage that grew large (a big document) is not kept.
    /// </summary>
    private sealed class Buffers
    {
        private const int MaxKeptFields = 64;
        private const int MaxKeptItems = 256;

        [ThreadStatic]
        private static Buffers? t_reusable;

        public List<FieldKey> PathStack { get; } = [];

        public List<FieldMap> FieldBuilders { get; } = [];

        public List<Node> Items { get; } = [];

        /// <summary>Takes this thread's buffers, or new ones (an include parsed meanwhile takes its own).</summary>
        public static Buffers Rent()
        {
            var buffers = t_reusable ?? new Buffers();
            t_reusable = null;
            return buffers;
        }

        /// <summary>Empties the buffers and keeps them for the next parse on this thread, unless they grew large.</summary>
        public void Return()
        {
            if (Items.Capacity > MaxKeptItems || FieldBuilders.Count > MaxNesting)
            {
                return;
            }

            foreach (var fields in FieldBuilders)
            {
                if (fields.Capacity > MaxKeptFields)
                {
                    return;
                }

                fields.Clear();
            }

            PathStack.Clear();
            Items.Clear();
            t_reusable = this;
        }
    }
}
