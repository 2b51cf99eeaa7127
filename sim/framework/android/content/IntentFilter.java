package android.content;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** What a receiver listens for: actions and categories (data schemes and types are not simulated). */
public class IntentFilter {
    private final List<String> mActions = new ArrayList<>();
    private final List<String> mCategories = new ArrayList<>();
    private int mPriority;

    public IntentFilter() {}

    public IntentFilter(String action) { addAction(action); }

    public IntentFilter(IntentFilter o) {
        mActions.addAll(o.mActions);
        mCategories.addAll(o.mCategories);
        mPriority = o.mPriority;
    }

    public final void addAction(String action) {
        if (action != null && !mActions.contains(action)) mActions.add(action);
    }

    public final int countActions() { return mActions.size(); }

    public final String getAction(int index) { return mActions.get(index); }

    public final boolean hasAction(String action) { return action != null && mActions.contains(action); }

    public final Iterator<String> actionsIterator() { return mActions.iterator(); }

    public final void addCategory(String category) {
        if (category != null && !mCategories.contains(category)) mCategories.add(category);
    }

    public final boolean hasCategory(String category) { return mCategories.contains(category); }

    public final void setPriority(int priority) { mPriority = priority; }

    public final int getPriority() { return mPriority; }

    /** Android's rule, for actions and categories: the action is listed, every category too. */
    public final boolean matches(Intent intent) {
        if (intent == null || !hasAction(intent.getAction())) return false;
        Set<String> categories = intent.getCategories();
        if (categories != null) {
            for (String c : categories) if (!hasCategory(c)) return false;
        }
        return true;
    }
}
